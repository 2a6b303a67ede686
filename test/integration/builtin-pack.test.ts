/**
 * The built-in model pack: built from code into a temp dir, run with onnxruntime-node.
 * Checks shapes, deterministic build, attribute agreement, attribute coverage, LGE →
 * decoder round trip, value ranges and region locality.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_GROUPS, generatorAttributes } from '../../tools/builtin-pack/attributes.js';
import { buildBuiltinPack } from '../../tools/builtin-pack/build.js';
import { NUM_REGIONS, NUM_WS, REGION_NAMES, RESOLUTION, SLICE, W_DIM } from '../../tools/builtin-pack/layout.js';
import { paramDim } from '../../tools/builtin-pack/params.js';
import { seededZ } from '../../tools/builtin-pack/prng.js';
import { founders, openPack, PackRunner, render } from '../../tools/builtin-pack/runtime.js';

const S = NUM_WS * W_DIM;
const R = RESOLUTION;
let dirA = '';
let dirB = '';
let pack: PackRunner;

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'builtin-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'builtin-b-'));
  await buildBuiltinPack(dirA);
  await buildBuiltinPack(dirB);
  pack = await openPack(dirA);
});

afterAll(async () => {
  await pack?.release();
  for (const d of [dirA, dirB]) if (d) rmSync(d, { recursive: true, force: true });
});

function argmax(a: Float32Array, from: number, to: number): number {
  let best = from;
  for (let i = from; i < to; i++) if (a[i] > a[best]) best = i;
  return best - from;
}

describe('built-in pack', () => {
  it('builds deterministically, within 25 MB, with the manifest the app expects', () => {
    const files = readdirSync(dirA).sort();
    expect(files).toEqual(['attributes.onnx', 'decoder.onnx', 'generator.onnx', 'lge.onnx', 'manifest.json', 'mapping.onnx']);
    let total = 0;
    for (const f of files) {
      total += statSync(join(dirA, f)).size;
      expect(Buffer.compare(readFileSync(join(dirA, f)), readFileSync(join(dirB, f))), f).toBe(0);
    }
    expect(total).toBeLessThanOrEqual(25 * 1024 * 1024);
    const m = JSON.parse(readFileSync(join(dirA, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({
      formatVersion: 1, id: 'builtin', resolution: 256, numWs: 18, wDim: 512, regions: 34, dtype: 'float32',
      files: { mapping: 'mapping.onnx', generator: 'generator.onnx', lge: 'lge.onnx', decoder: 'decoder.onnx', attributes: 'attributes.onnx' },
      io: { attributesInput: 'wplus', generatorMasks: true },
    });
    expect(m.wAvg).toHaveLength(512);
  });

  it('every graph has the contract shapes with a symbolic batch', async () => {
    const B = 2;
    const z = seededZ(1, B);
    const w = await pack.mapping.run({ z: new ort.Tensor('float32', z, [B, W_DIM]) });
    expect(w.w.dims).toEqual([B, W_DIM]);
    const wplus = await founders(pack, z);
    const t = new ort.Tensor('float32', wplus, [B, NUM_WS, W_DIM]);
    const g = await pack.generator.run({ wplus: t });
    expect(g.image.dims).toEqual([B, 3, R, R]);
    expect(g.masks.dims).toEqual([B, NUM_REGIONS, R, R]);
    const l = await pack.lge.run({ wplus: t });
    expect(l.mu.dims).toEqual([B, NUM_WS, NUM_REGIONS, W_DIM]);
    expect(l.logvar.dims).toEqual([B, NUM_WS, NUM_REGIONS, W_DIM]);
    const d = await pack.decoder.run({ genes: l.mu });
    expect(d.wplus.dims).toEqual([B, NUM_WS, W_DIM]);
    const a = await pack.attributes.run({ wplus: t });
    expect(a.logits.dims).toEqual([B, 18]);
  });

  it('wAvg is the mean of the mapping', async () => {
    const n = 1024;
    const out = await pack.mapping.run({ z: new ort.Tensor('float32', seededZ(5, n), [n, W_DIM]) });
    const w = out.w.data as Float32Array;
    let worst = 0;
    for (let d = 0; d < W_DIM; d++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i * W_DIM + d];
      worst = Math.max(worst, Math.abs(s / n - pack.wAvg[d]));
    }
    expect(worst).toBeLessThan(0.15);
  });

  it('LGE → decoder reproduces wplus; logvar is small and constant', async () => {
    const B = 4;
    const wplus = await founders(pack, seededZ(2, B));
    const t = new ort.Tensor('float32', wplus, [B, NUM_WS, W_DIM]);
    const l = await pack.lge.run({ wplus: t });
    const lv = l.logvar.data as Float32Array;
    expect(Math.exp(0.5 * lv[0])).toBeGreaterThan(0.02);
    expect(Math.exp(0.5 * lv[0])).toBeLessThan(0.2);
    const d = await pack.decoder.run({ genes: l.mu });
    const back = d.wplus.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < wplus.length; i++) worst = Math.max(worst, Math.abs(back[i] - wplus[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('attributes agree with the generator’s own parameters on ≥ 95 % of 1,000 founders; all ages and genders occur', async () => {
    const n = 1000;
    const wplus = await founders(pack, seededZ(3, n));
    const out = await pack.attributes.run({ wplus: new ort.Tensor('float32', wplus, [n, NUM_WS, W_DIM]) });
    const logits = out.logits.data as Float32Array;
    let agree = 0;
    const ages = new Array(9).fill(0);
    const genders = [0, 0];
    const races = new Array(7).fill(0);
    const tones: number[] = [];
    const toneDim = paramDim('head', 'tone');
    for (let i = 0; i < n; i++) {
      const own = generatorAttributes(wplus, i);
      const race = argmax(logits, i * 18, i * 18 + 7);
      const gender = argmax(logits, i * 18 + 7, i * 18 + 9);
      const age = argmax(logits, i * 18 + 9, i * 18 + 18);
      if (race === own.race && gender === own.gender && age === own.ageGroup) agree++;
      ages[own.ageGroup]++;
      genders[own.gender]++;
      races[own.race]++;
      tones.push(0.5 + 0.5 * wplus[i * S + 10 * W_DIM + toneDim]);
    }
    const msg = `agreement ${agree / 10}%; ages ${AGE_GROUPS.map((g, k) => `${g}:${ages[k]}`).join(' ')}; genders ${genders}; races ${races}`;
    console.log(msg);
    expect(agree / n, msg).toBeGreaterThanOrEqual(0.95);
    for (const c of ages) expect(c / n, msg).toBeGreaterThanOrEqual(0.05);
    for (const c of genders) expect(c / n, msg).toBeGreaterThanOrEqual(0.35);
    for (const c of races) expect(c / n, msg).toBeGreaterThanOrEqual(0.07);
    // A wide range of skin tones (0 = very light, 1 = very dark on the palette).
    expect(Math.min(...tones)).toBeLessThan(0.08);
    expect(Math.max(...tones)).toBeGreaterThan(0.85);
  });

  it('images are in [−1, 1] and masks in [0, 1]', async () => {
    const wplus = await founders(pack, seededZ(4, 4));
    const out = await render(pack, wplus);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of out.image) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(1); // not blank
    let mlo = Infinity;
    let mhi = -Infinity;
    for (const v of out.masks) {
      mlo = Math.min(mlo, v);
      mhi = Math.max(mhi, v);
    }
    expect(mlo).toBeGreaterThanOrEqual(0);
    expect(mhi).toBeLessThanOrEqual(1);
  });

  /**
   * Locality: region i of founder A takes founder B's slice in all 18 layers. The changed
   * pixel mass Σ|Δimage| must lie ≥ 90 % inside region i's mask: pixels where the mask of
   * the before or the after image exceeds 0.01, dilated by one pixel (3×3). A region counts
   * as visible when either mask covers ≥ 10 pixel-equivalents (sum of mask values).
   */
  it('changing one region’s genes changes pixels (≥ 90 %) only inside that region', async () => {
    const pool = await founders(pack, seededZ(11, 300));
    const at = Array.from({ length: 300 }, (_, i) => generatorAttributes(pool, i));
    const find = (pred: (a: (typeof at)[number]) => boolean, skip = 0): number =>
      at.map((a, i) => (pred(a) ? i : -1)).filter((i) => i >= 0)[skip];
    const male = (a: (typeof at)[number]) => a.gender === 0 && a.ageGroup >= 4;
    const pairs: [number, number][] = [
      [find(male), find(male, 1)],
      [find((a) => a.gender === 1 && a.ageGroup >= 3), find((a) => a.ageGroup >= 7)],
      [find((a) => a.ageGroup <= 1), find((a) => a.ageGroup === 6)],
      [0, 1],
    ];
    const worst = new Array(NUM_REGIONS).fill(Infinity);
    const seen = new Array(NUM_REGIONS).fill(0);
    const px = R * R;
    for (const [ia, ib] of pairs) {
      const A = pool.subarray(ia * S, (ia + 1) * S);
      const Bv = pool.subarray(ib * S, (ib + 1) * S);
      const batch = new Float32Array((NUM_REGIONS + 1) * S);
      batch.set(A, 0);
      for (let r = 0; r < NUM_REGIONS; r++) {
        const v = Float32Array.from(A);
        for (let l = 0; l < NUM_WS; l++) for (let k = 0; k < SLICE; k++) v[l * W_DIM + r * SLICE + k] = Bv[l * W_DIM + r * SLICE + k];
        batch.set(v, (r + 1) * S);
      }
      const out = await render(pack, batch, 12);
      const img = (b: number, c: number, i: number) => out.image[(b * 3 + c) * px + i];
      const mask = (b: number, r: number, i: number) => out.masks[(b * NUM_REGIONS + r) * px + i];
      for (let r = 0; r < NUM_REGIONS; r++) {
        const b = r + 1;
        let area0 = 0;
        let area1 = 0;
        const inside = new Uint8Array(px);
        for (let i = 0; i < px; i++) {
          const m0 = mask(0, r, i);
          const m1 = mask(b, r, i);
          area0 += m0;
          area1 += m1;
          if (Math.max(m0, m1) > 0.01) {
            const y = Math.floor(i / R);
            const x = i % R;
            for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
              const yy = y + dy;
              const xx = x + dx;
              if (yy >= 0 && yy < R && xx >= 0 && xx < R) inside[yy * R + xx] = 1;
            }
          }
        }
        if (Math.max(area0, area1) < 10) continue;
        let total = 0;
        let within = 0;
        for (let i = 0; i < px; i++) {
          const d = Math.abs(img(b, 0, i) - img(0, 0, i)) + Math.abs(img(b, 1, i) - img(0, 1, i)) + Math.abs(img(b, 2, i) - img(0, 2, i));
          total += d;
          if (inside[i]) within += d;
        }
        if (total < 1) continue; // the two founders agree on this region
        seen[r]++;
        worst[r] = Math.min(worst[r], within / total);
      }
    }
    const report = REGION_NAMES.map((n, r) => `${n}: ${seen[r] ? (100 * worst[r]).toFixed(1) + '%' : 'not visible'}`).join(', ');
    console.log(`locality (worst over ${pairs.length} pairs): ${report}`);
    const failing = REGION_NAMES.filter((_, r) => seen[r] && worst[r] < 0.9);
    expect(failing, report).toEqual([]);
    // Most regions must actually have been exercised.
    expect(seen.filter((c) => c > 0).length, report).toBeGreaterThanOrEqual(30);
  });
});
