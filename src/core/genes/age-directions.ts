/**
 * Age directions measured from data (the studio's age control, docs/ARCHITECTURE.md
 * "Age control"): the mean W+ of each of the 9 age groups, per gender (and for the
 * pooled genders), from labelled latents — gene-pool entries, or the pack's own
 * mapping network labelled by its attributes model. A sparse group is widened (both
 * genders first, then the neighbouring age groups) and the widening is reported.
 * Where the labels name races, a (gender, race) pair whose 9 age groups all have
 * enough entries gets its own means; any other pair is widened to all races of its
 * gender (reported), so one sparse group never bends that race's age curve.
 *
 * Pure: latents and labels in, means out. Which layers carry age is measured
 * elsewhere (it needs the attributes model); `chooseAgeLayers` turns per-layer scores
 * into a layer set, and `layerScoresFromMeans` is the data-only score.
 */
import { createHash } from 'node:crypto';
import { KinshipError } from '../../domain/errors.js';
import { AGE_GROUPS, GENDERS, type AgeGroup, type Gender, type Race } from './regions.js';

export const AGE_GROUP_COUNT = AGE_GROUPS.length;

/** Which latents the means came from. */
export type AgeDirectionSource = 'pool' | 'mapping';

/** Means per gender, or over both genders ('any'). */
export type AgeMeanKey = Gender | 'any';
export const AGE_MEAN_KEYS: readonly AgeMeanKey[] = [...GENDERS, 'any'];

/** Per-race means are keyed "male/East Asian". */
export type RaceMeanKey = `${Gender}/${Race}`;
export function raceMeanKey(gender: Gender, race: Race): RaceMeanKey {
  return `${gender}/${race}`;
}

export interface AgeDirections {
  readonly source: AgeDirectionSource;
  /** Latent layout. */
  readonly numWs: number;
  readonly wDim: number;
  /** The layers the shift acts on, ascending. */
  readonly layers: readonly number[];
  /** Per-layer age score the layers were chosen from (how they were measured: `layerMethod`). */
  readonly layerScores: readonly number[];
  readonly layerMethod: string;
  /** means[key][ageIndex]: a [numWs·wDim] W+ mean (after widening). */
  readonly means: Readonly<Record<AgeMeanKey, readonly Float32Array[]>>;
  /** Entries per group before widening. */
  readonly counts: Readonly<Record<AgeMeanKey, readonly number[]>>;
  /** Means of the (gender, race) pairs with enough entries in every age group; absent or empty: none. */
  readonly raceMeans?: Readonly<Partial<Record<RaceMeanKey, readonly Float32Array[]>>>;
  /** Entries per age group of every (gender, race) pair seen, kept or widened. */
  readonly raceCounts?: Readonly<Partial<Record<RaceMeanKey, readonly number[]>>>;
  /** One line per widened group ("0-2 female: 3 entries, widened to both genders (9)"). */
  readonly widened: readonly string[];
  /** Hash of means and layers: stored with each child, so a re-bred child can tell its directions changed. */
  readonly fingerprint: string;
}

/** Sums of labelled latents per (gender, age group); add latents in any order, in chunks. */
export class AgeMeanAccumulator {
  private readonly sums: Record<Gender, Float64Array[]>;
  private readonly n: Record<Gender, number[]>;
  private readonly raceSums = new Map<RaceMeanKey, Float64Array[]>();
  private readonly raceN = new Map<RaceMeanKey, number[]>();

  constructor(
    readonly numWs: number,
    readonly wDim: number,
  ) {
    const len = numWs * wDim;
    this.sums = { male: mk(), female: mk() };
    this.n = { male: new Array(AGE_GROUP_COUNT).fill(0), female: new Array(AGE_GROUP_COUNT).fill(0) };
    function mk(): Float64Array[] {
      return Array.from({ length: AGE_GROUP_COUNT }, () => new Float64Array(len));
    }
  }

  get total(): number {
    return GENDERS.reduce((s, g) => s + this.n[g].reduce((a, b) => a + b, 0), 0);
  }

  /** Adds `latents` ([k, numWs·wDim]) with one label per latent (race optional). */
  add(latents: Float32Array, labels: ReadonlyArray<{ ageGroup: AgeGroup; gender: Gender; race?: Race | null }>): void {
    const len = this.numWs * this.wDim;
    if (latents.length !== labels.length * len) throw new Error(`age means: ${labels.length} labels for ${latents.length / len} latents`);
    labels.forEach((l, k) => {
      const a = AGE_GROUPS.indexOf(l.ageGroup);
      if (a < 0) throw new Error(`age means: unknown age group '${String(l.ageGroup)}'`);
      const sum = this.sums[l.gender][a]!;
      const off = k * len;
      for (let i = 0; i < len; i++) sum[i]! += latents[off + i]!;
      this.n[l.gender][a]!++;
      if (l.race) {
        const key = raceMeanKey(l.gender, l.race);
        let sums = this.raceSums.get(key);
        if (!sums) {
          sums = Array.from({ length: AGE_GROUP_COUNT }, () => new Float64Array(len));
          this.raceSums.set(key, sums);
          this.raceN.set(key, new Array(AGE_GROUP_COUNT).fill(0));
        }
        const rs = sums[a]!;
        for (let i = 0; i < len; i++) rs[i]! += latents[off + i]!;
        this.raceN.get(key)![a]!++;
      }
    });
  }

  /**
   * Means per gender and for both genders. A group with fewer than `minCount`
   * entries takes both genders of its age, then the neighbouring age groups (±1,
   * ±2, …) until it has `minCount` (or all there is).
   */
  finish(opts: { source: AgeDirectionSource; minCount: number; layers: readonly number[]; layerScores: readonly number[]; layerMethod: string }): AgeDirections {
    if (this.total === 0) throw new KinshipError('unsupported', 'Age control needs faces labelled by age, but none were given (an empty gene pool, or a pack without an attributes model).');
    const populated = AGE_GROUPS.filter((_, a) => this.n.male[a]! + this.n.female[a]! > 0).length;
    // A pack whose attributes model reads every face as one age (random weights, say) has no
    // age axis to measure: the user can still breed without age control.
    if (populated < 2) throw new KinshipError('unsupported', `Age control needs faces of at least two age groups, but the pack's attributes model read every face as ${populated === 1 ? 'one age group' : 'no age group'}; breed without a child age, or use a gene pool with people of several ages.`);
    const len = this.numWs * this.wDim;
    const widened: string[] = [];
    const means = {} as Record<AgeMeanKey, Float32Array[]>;
    const counts = {} as Record<AgeMeanKey, number[]>;
    for (const key of AGE_MEAN_KEYS) {
      const genders: readonly Gender[] = key === 'any' ? GENDERS : [key];
      counts[key] = AGE_GROUPS.map((_, a) => genders.reduce((s, g) => s + this.n[g][a]!, 0));
      means[key] = AGE_GROUPS.map((name, a) => {
        const own = counts[key]![a]!;
        let gs = genders;
        let radius = 0;
        let n = own;
        if (n < opts.minCount && key !== 'any') {
          gs = GENDERS;
          n = this.count(gs, a, 0);
        }
        while (n < opts.minCount && radius < AGE_GROUP_COUNT) n = this.count(gs, a, ++radius);
        if (gs !== genders || radius > 0) {
          const how = [gs !== genders ? 'both genders' : '', radius > 0 ? `age groups within ±${radius}` : ''].filter(Boolean).join(' and ');
          widened.push(`${name} ${key === 'any' ? 'all' : key}: ${own} entries, widened to ${how} (${n})`);
        }
        const mean = new Float32Array(len);
        const acc = new Float64Array(len);
        for (const g of gs) {
          for (let b = Math.max(0, a - radius); b <= Math.min(AGE_GROUP_COUNT - 1, a + radius); b++) {
            const s = this.sums[g][b]!;
            for (let i = 0; i < len; i++) acc[i]! += s[i]!;
          }
        }
        for (let i = 0; i < len; i++) mean[i] = acc[i]! / n;
        return mean;
      });
    }
    const raceMeans: Partial<Record<RaceMeanKey, Float32Array[]>> = {};
    const raceCounts: Partial<Record<RaceMeanKey, number[]>> = {};
    for (const key of [...this.raceN.keys()].sort()) {
      const n = this.raceN.get(key)!;
      raceCounts[key] = [...n];
      const fewest = Math.min(...n);
      if (fewest >= opts.minCount) {
        const sums = this.raceSums.get(key)!;
        raceMeans[key] = sums.map((sum, a) => Float32Array.from(sum, (v) => v / n[a]!));
      } else {
        const [gender, race] = key.split('/');
        widened.push(`${race} ${gender}: ${fewest} entries in ${AGE_GROUPS[n.indexOf(fewest)]} (fewer than ${opts.minCount}), uses the ${gender} means of all races`);
      }
    }
    const layers = [...opts.layers].sort((x, y) => x - y);
    return {
      source: opts.source,
      numWs: this.numWs,
      wDim: this.wDim,
      layers,
      layerScores: [...opts.layerScores],
      layerMethod: opts.layerMethod,
      means,
      counts,
      raceMeans,
      raceCounts,
      widened,
      fingerprint: directionsFingerprint(means, layers, raceMeans),
    };
  }

  private count(gs: readonly Gender[], a: number, radius: number): number {
    let n = 0;
    for (const g of gs) for (let b = Math.max(0, a - radius); b <= Math.min(AGE_GROUP_COUNT - 1, a + radius); b++) n += this.n[g][b]!;
    return n;
  }
}

export function directionsFingerprint(
  means: Readonly<Record<AgeMeanKey, readonly Float32Array[]>>,
  layers: readonly number[],
  raceMeans: Readonly<Partial<Record<RaceMeanKey, readonly Float32Array[]>>> = {},
): string {
  const h = createHash('sha256');
  for (const key of AGE_MEAN_KEYS) for (const m of means[key]) h.update(new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
  h.update(JSON.stringify(layers));
  // Race means are hashed after the rest, so directions without any keep their fingerprint.
  for (const key of (Object.keys(raceMeans) as RaceMeanKey[]).sort()) {
    h.update(key);
    for (const m of raceMeans[key]!) h.update(new Uint8Array(m.buffer, m.byteOffset, m.byteLength));
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * The layers where age lives: the fewest layers, taken by falling score, whose scores
 * add up to `share` of the total (ties keep the lower layer). Scores ≤ 0 never count.
 */
export function chooseAgeLayers(scores: readonly number[], share = 0.9): number[] {
  const pos = scores.map((s, l) => ({ s: Number.isFinite(s) && s > 0 ? s : 0, l }));
  const total = pos.reduce((a, b) => a + b.s, 0);
  if (total <= 0) throw new Error('no layer changes the age: the age directions have no effect on this model pack');
  const order = pos.filter((p) => p.s > 0).sort((a, b) => b.s - a.s || a.l - b.l);
  const out: number[] = [];
  let acc = 0;
  for (const p of order) {
    out.push(p.l);
    acc += p.s;
    if (acc >= share * total - 1e-12) break;
  }
  return out.sort((a, b) => a - b);
}

/**
 * Data-only layer score (used where no attributes model can measure the effect): per
 * layer, the spread of the age-group means (variance across groups, summed over
 * dims) over the spread of the whole data in that layer. `layerVariance[l]` is the
 * total variance of the latents in layer l (summed over dims).
 */
export function layerScoresFromMeans(means: readonly Float32Array[], numWs: number, wDim: number, layerVariance?: readonly number[]): number[] {
  const scores: number[] = [];
  for (let l = 0; l < numWs; l++) {
    let between = 0;
    for (let d = 0; d < wDim; d++) {
      let s = 0;
      for (const m of means) s += m[l * wDim + d]!;
      const mu = s / means.length;
      for (const m of means) between += (m[l * wDim + d]! - mu) ** 2;
    }
    between /= means.length;
    const v = layerVariance?.[l];
    scores.push(v && v > 0 ? between / v : between);
  }
  return scores;
}
