/**
 * TEST FIXTURE ONLY: the built-in pack copied under another id with an encoder.onnx
 * that is a fixed random linear map (8×8 average-pooled image → 18×512) plus the
 * manifest's latentAvg. It inverts nothing; it makes "a pack with an encoder" exist so
 * the image-encoder (e4e-style) import flow can be tested end to end.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder } from '../../../src/core/onnx/graph-builder';
import { attr } from '../../../src/core/onnx/graph-builder';
import { builtinResources } from '../../support/builtin-pack';

export const TEST_ENCODER_PACK_ID = 'test-fixture-encoder-pack';

function encoderGraph(seed: number): Uint8Array {
  const g = new GraphBuilder('test_fixture_encoder', { producerName: 'kinship-test-fixture', docString: 'TEST FIXTURE: random linear encoder, not a trained model' });
  const image = g.input('image', ['B', 3, 256, 256]);
  const pooled = g.node('AveragePool', [image], { kernel_shape: attr.ints([32, 32]), strides: attr.ints([32, 32]) });
  const flat = g.node('Flatten', [pooled], { axis: attr.int(1) });
  // Deterministic small weights (a linear congruential stream).
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const w = new Float32Array(192 * 18 * 512).map(() => rand() * 0.05);
  const proj = g.node('MatMul', [flat, g.constF(w, [192, 18 * 512])]);
  const wplus = g.node('Reshape', [proj, g.constI([-1, 18, 512])]);
  g.output('wplus', wplus, ['B', 18, 512]);
  return g.serialize();
}

/** Writes `<dataDir>/packs/<id>/` and settings.json making it the active pack; returns the pack folder. */
export async function writeEncoderPack(dataDir: string): Promise<string> {
  const builtin = join(await builtinResources(), 'models', 'builtin');
  const dir = join(dataDir, 'packs', TEST_ENCODER_PACK_ID);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(builtin)) if (f.endsWith('.onnx')) copyFileSync(join(builtin, f), join(dir, f));
  const manifest = JSON.parse(readFileSync(join(builtin, 'manifest.json'), 'utf8')) as Record<string, unknown> & { wAvg: number[]; files: Record<string, string>; io: Record<string, unknown> };
  writeFileSync(join(dir, 'encoder.onnx'), encoderGraph(7));
  const out = {
    ...manifest,
    id: TEST_ENCODER_PACK_ID,
    name: 'TEST FIXTURE encoder pack',
    description: 'Test fixture: the built-in pack plus a random linear encoder. Not for real use.',
    latentAvg: Array.from({ length: 18 }, () => manifest.wAvg).flat(),
    files: { ...manifest.files, encoder: 'encoder.onnx' },
    // The built-in pack's own encoder reads landmark features; this fixture's reads the image.
    io: { ...manifest.io, encoderInput: 'image' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(out));
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ activePackId: TEST_ENCODER_PACK_ID }));
  return dir;
}

export const TEST_NO_ENCODER_PACK_ID = 'test-fixture-no-encoder-pack';

/** The built-in pack without its encoder, active: a pack that can only align photos. */
export async function writeNoEncoderPack(dataDir: string): Promise<string> {
  const builtin = join(await builtinResources(), 'models', 'builtin');
  const dir = join(dataDir, 'packs', TEST_NO_ENCODER_PACK_ID);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(builtin)) if (f.endsWith('.onnx') && f !== 'encoder.onnx') copyFileSync(join(builtin, f), join(dir, f));
  const manifest = JSON.parse(readFileSync(join(builtin, 'manifest.json'), 'utf8')) as Record<string, unknown> & { files: Record<string, string> };
  const { encoder: _dropped, ...files } = manifest.files;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, id: TEST_NO_ENCODER_PACK_ID, name: 'TEST FIXTURE pack without encoder', files }));
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ activePackId: TEST_NO_ENCODER_PACK_ID }));
  return dir;
}
