/**
 * Every stage's outputs are checked at run time (src/core/breeding/output-check.ts): tiny
 * hostile ONNX graphs, run by onnxruntime-node inside a real pack folder, return NaN,
 * Infinity, a batch of 1 or a wrong shape from each of the mapping, LGE, decoder,
 * generator, attributes and encoder graphs; each call fails with an error naming the
 * pack, the graph file and the output, instead of storing black, white or garbage persons.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { writeHostileGraph, type Hostility } from '../support/hostile-graphs';
import { openPackFolder } from '../../src/core/pool/open-pack-folder';
import type { PackRuntime } from '../../src/core/breeding/pack-runtime';
import { PackOutputError } from '../../src/core/breeding/output-check';
import { createFounders } from '../../src/core/breeding/founders';

const R = 256; // the built-in pack's resolution, kept in the hostile manifests
const B = 2;
let builtinDir: string;
const open: Array<() => Promise<void>> = [];

beforeAll(async () => {
  builtinDir = join(await builtinResources(), 'models', 'builtin');
});
afterAll(async () => {
  for (const d of open) await d();
});

const ALL = ['mapping', 'lge', 'decoder', 'generator', 'attributes', 'encoder'] as const;

/** A pack folder with the built-in manifest (plus an encoder) and hostile graphs for `roles`. */
async function hostilePack(kind: Hostility, roles: readonly (typeof ALL)[number][]): Promise<PackRuntime> {
  const dir = tempDir(`kinship-hostile-${kind}-`);
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(builtinDir, 'manifest.json'), 'utf8'));
  manifest.id = `hostile-${kind}`;
  manifest.name = `Hostile ${kind}`;
  manifest.files = { ...manifest.files, encoder: 'encoder.onnx' };
  // The hostile encoder takes an image, as StyleGene's e4e does; the built-in pack's own
  // encoder reads face features measured by the detector, which would refuse the flat test input first.
  manifest.io = { ...manifest.io, encoderInput: 'image' };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const wplus = { name: 'wplus', dims: [18, 512] };
  const genes = [18, 34, 512];
  const write: Record<(typeof ALL)[number], (k: Hostility) => void> = {
    mapping: (k) => writeHostileGraph(dir, 'mapping.onnx', { name: 'z', dims: [512] }, [{ name: 'w', dims: [512] }], k),
    lge: (k) => writeHostileGraph(dir, 'lge.onnx', wplus, [{ name: 'mu', dims: genes }, { name: 'logvar', dims: genes }], k),
    decoder: (k) => writeHostileGraph(dir, 'decoder.onnx', { name: 'genes', dims: genes }, [wplus], k),
    generator: (k) => writeHostileGraph(dir, 'generator.onnx', wplus, [{ name: 'image', dims: [3, R, R] }, { name: 'masks', dims: [34, R, R] }], k),
    attributes: (k) => writeHostileGraph(dir, 'attributes.onnx', wplus, [{ name: 'logits', dims: [18] }], k),
    encoder: (k) => writeHostileGraph(dir, 'encoder.onnx', { name: 'image', dims: [3, 256, 256] }, [wplus], k),
  };
  for (const role of ALL) {
    if (roles.includes(role)) write[role](kind);
    // Not spoiled: the built-in mapping (real, varied founders), sound stand-ins for the rest.
    else if (role === 'mapping') copyFileSync(join(builtinDir, 'mapping.onnx'), join(dir, 'mapping.onnx'));
    else write[role]('fine');
  }
  const { runtime, dispose } = await openPackFolder(dir, 4);
  open.push(dispose);
  return runtime;
}

const input = (n: number) => new Float32Array(n).fill(0.1);

/** Each stage once, with what it is expected to name. */
const stages: Array<{ role: (typeof ALL)[number]; output: string; run: (rt: PackRuntime) => Promise<unknown> }> = [
  { role: 'mapping', output: 'w', run: (rt) => rt.mapping(input(B * 512)) },
  { role: 'lge', output: 'mu', run: (rt) => rt.lge(input(B * 18 * 512)) },
  { role: 'decoder', output: 'wplus', run: (rt) => rt.decoder(input(B * 18 * 34 * 512)) },
  { role: 'generator', output: 'image', run: (rt) => rt.generator(input(B * 18 * 512), { masks: true }) },
  { role: 'attributes', output: 'logits', run: (rt) => rt.attributes({ wplus: input(B * 18 * 512) }) },
  { role: 'encoder', output: 'wplus', run: (rt) => rt.encoder(input(B * 3 * 256 * 256)) },
];

const expectations: Record<Exclude<Hostility, 'fine'>, (output: string) => RegExp> = {
  nan: (o) => new RegExp(`returned NaN in '${o}' \\(item 1 of ${B}; \\d+ of \\d+ values are not finite\\)`),
  inf: (o) => new RegExp(`returned Infinity in '${o}'`),
  batch1: (o) => new RegExp(`returned a batch of 1 for ${B} inputs for '${o}', expected \\[${B}, `),
  shape: (o) => new RegExp(`returned shape \\[\\d+, [\\d, ]+\\] for '${o}', expected \\[${B}, `),
};

describe('run-time checks of model outputs', () => {
  for (const kind of ['nan', 'inf', 'batch1', 'shape'] as const) {
    it(`${kind}: every stage refuses with the pack, graph file and output named`, async () => {
      const rt = await hostilePack(kind, ALL);
      for (const s of stages) {
        const err = await s.run(rt).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `${kind} ${s.role}`).toBeInstanceOf(PackOutputError);
        const msg = (err as Error).message;
        expect(msg).toContain(`the ${s.role} graph (${s.role}.onnx) of model pack 'Hostile ${kind}' (hostile-${kind})`);
        expect(msg).toMatch(expectations[kind](s.output));
      }
    }, 120_000);
  }

  it('a sound graph passes (the hostile graph with nothing spoiled)', async () => {
    const rt = await hostilePack('fine', ALL);
    const w = await rt.mapping(input(B * 512));
    expect(w).toHaveLength(B * 512);
    expect(w[0]).toBeCloseTo(0.25, 6);
    const g = await rt.generator(input(B * 18 * 512), { masks: true });
    expect(g.image).toHaveLength(B * 3 * R * R);
    expect(g.masks).toHaveLength(B * 34 * R * R);
  }, 120_000);

  it('a NaN attributes model gives an error naming it, not "No founder … in 1024 draws"', async () => {
    const rt = await hostilePack('nan', ['attributes']);
    const err = await createFounders(rt, [{ seed: 1, ageGroup: '20-29', gender: 'female' }]).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(PackOutputError);
    expect(err?.message).toMatch(/the attributes graph \(attributes\.onnx\) of model pack 'Hostile nan' \(hostile-nan\) returned NaN in 'logits'/);
    expect(err?.message).not.toMatch(/No founder/);
  }, 120_000);
});
