/**
 * Generator plumbing: read each region's parameters from its own slice (coarse layers for
 * shape, fine for colour), collect layers back to front, and composite them into the
 * image and the per-region visible-coverage masks.
 */
import { attr, GraphBuilder } from '../../src/core/onnx/graph-builder.js';
import { Num, Ops, V } from './expr.js';
import { COARSE_LAYERS, FINE_LAYERS, NUM_REGIONS, NUM_WS, REGION_NAMES, RegionName, RESOLUTION, W_DIM } from './layout.js';
import { allParams } from './params.js';
import { Rgb } from './palettes.js';
import { Grid, makeGrid, Shapes } from './shapes.js';

export type Params = Record<string, V>;

interface Layer {
  region: number;
  alpha: V; // [B|1,1,R,R]
  color: V; // [B|1,3,1|R,1|R]
}

export class Canvas {
  readonly g: GraphBuilder;
  readonly o: Ops;
  readonly grid: Grid;
  readonly s: Shapes;
  private readonly params = new Map<RegionName, Params>();
  private readonly layers: Layer[] = [];
  private readonly faceShapes = new Map<RegionName, Shapes>();

  constructor(readonly resolution: number = RESOLUTION) {
    this.g = new GraphBuilder('builtin_generator');
    this.o = new Ops(this.g);
    const wplus = this.g.input('wplus', ['B', NUM_WS, W_DIM]);
    this.grid = makeGrid(this.o, resolution);
    this.s = new Shapes(this.o, this.grid, 2 / resolution);
    this.readParams(wplus);
  }

  private readParams(wplus: V): void {
    const o = this.o;
    const g = this.g;
    const coarse = o.reduceMean(o.slice(wplus, 1, COARSE_LAYERS[0], COARSE_LAYERS[1]), [1], false);
    const fine = o.reduceMean(o.slice(wplus, 1, FINE_LAYERS[0], FINE_LAYERS[1]), [1], false);
    const ps = allParams();
    const pick = (src: V, kind: 'coarse' | 'fine'): V =>
      g.node('Gather', [src, g.constI(ps.filter((p) => p.spec.layer === kind).map((p) => p.dim))], { axis: attr.int(1) });
    const ordered = [...ps.filter((p) => p.spec.layer === 'coarse'), ...ps.filter((p) => p.spec.layer === 'fine')];
    const x = o.concat([pick(coarse, 'coarse'), pick(fine, 'fine')], 1); // [B,N]
    const N = ordered.length;
    const lo = g.constF(ordered.map((p) => p.spec.lo), [1, N]);
    const span = g.constF(ordered.map((p) => p.spec.hi - p.spec.lo), [1, N]);
    const vals = o.add(lo, o.mul(span, o.clamp01(o.add(0.5, o.mul(0.5, x)))));
    const outs = g.nodeN('Split', [o.reshape(vals, [-1, N, 1, 1])], { axis: attr.int(1) }, N);
    ordered.forEach((p, i) => {
      const rec = this.params.get(p.region) ?? {};
      rec[p.spec.name] = outs[i];
      this.params.set(p.region, rec);
    });
  }

  /** Parameters of a region, by name, each [B,1,1,1] in its real units. */
  p(region: RegionName): Params {
    const rec = this.params.get(region);
    if (!rec) throw new Error(`no params for ${region}`);
    return rec;
  }

  /**
   * Shapes on the face grid of `region`: the lower face scaled toward the chin by that
   * region's own age (a baby's eyes, nose and mouth sit lower and smaller under a large
   * cranium). Each region uses its own age carrier, so a region's genes still only move
   * that region's pixels.
   */
  fs(region: RegionName): Shapes {
    const hit = this.faceShapes.get(region);
    if (hit) return hit;
    const o = this.o;
    const y = o.clamp01(o.mul(o.sub(0.34, this.p(region).age), 1 / 0.3));
    const isx = o.div(1, o.sub(1, o.mul(y, 0.04)));
    const isy = o.div(1, o.sub(1, o.mul(y, 0.22)));
    const X = o.mul(this.grid.X, isx);
    const Y = o.add(0.5, o.mul(o.sub(this.grid.Y, 0.5), isy));
    const sh = new Shapes(o, { X, Y, AX: o.abs(X), SX: this.grid.SX }, 2 / this.resolution);
    this.faceShapes.set(region, sh);
    return sh;
  }

  private readonly memos = new Map<string, V>();
  /** One graph value per key: shared colour fields are computed once per graph. */
  memo(key: string, make: () => V): V {
    const hit = this.memos.get(key);
    if (hit) return hit;
    const v = make();
    this.memos.set(key, v);
    return v;
  }

  /** An opaque shape: coverage is 1 inside, anti-aliased at the edge only. */
  solid(region: RegionName, sd: V, color: V): void {
    this.draw(region, this.s.cover(sd), color);
  }

  /**
   * An opaque thin feature (lid lines, lashes, brows, lips, teeth, helix rim, frames,
   * sideburns, moustache): its edge ramps over about one pixel, as a pixel's covered area
   * does. The default edge (`solid`) ramps over about two pixels, which leaves a part under
   * ~2.5 px wide translucent even at its centre, and a stack of such parts (lid, lashes,
   * frame; lip, teeth, mouth) a see-through smear (measured by tools/builtin-pack/pixel-metrics.ts).
   */
  line(region: RegionName, sd: V, color: V): void {
    this.draw(region, this.s.cover(sd, this.s.px * 0.25), color);
  }

  /** 0 at a shape's edge rising to 1 at `width` inside: soft marks fade to the colour below. */
  inner(sd: V, width: number): V {
    return this.o.clamp01(this.o.mul(sd, -1 / width));
  }

  /** A constant colour [1,3,1,1]. */
  rgb(c: Rgb): V {
    return this.g.constF([...c], [1, 3, 1, 1]);
  }

  /** Piecewise-linear colour ramp at t ∈ [0,1] → [B,3,1,1]. */
  ramp(colors: readonly Rgb[], t: V): V {
    const o = this.o;
    const n = colors.length;
    const ks = this.g.constF(colors.map((_, k) => k), [1, n, 1, 1]);
    const w = o.relu(o.sub(1, o.abs(o.sub(o.mul(o.clamp01(t), n - 1), ks)))); // [B,n,1,1]
    const flat = o.reshape(w, [-1, n]);
    const mat = this.g.constF(colors.flat(), [n, 3]);
    return o.reshape(o.matmul(flat, mat), [-1, 3, 1, 1]);
  }

  mix(a: V, b: V, t: Num): V {
    return this.o.lerp(a, b, t);
  }

  /** Draw a layer of `region` (back to front order = call order). */
  draw(region: RegionName, alpha: V, color: V): void {
    this.layers.push({ region: REGION_NAMES.indexOf(region), alpha, color });
  }

  /** Composite: visible coverage of each layer = alpha · Π(1 − alpha above). */
  finish(): Uint8Array {
    const o = this.o;
    const g = this.g;
    let trans: V | null = null;
    let image: V | null = null;
    const masks: (V | null)[] = Array(NUM_REGIONS).fill(null);
    for (let k = this.layers.length - 1; k >= 0; k--) {
      const { region, alpha, color } = this.layers[k];
      const vis = trans ? o.mul(alpha, trans) : alpha;
      trans = trans ? o.mul(trans, o.sub(1, alpha)) : o.sub(1, alpha);
      const contrib = o.mul(vis, color);
      image = image ? o.add(image, contrib) : contrib;
      masks[region] = masks[region] ? o.add(masks[region] as V, vis) : vis;
    }
    if (!image) throw new Error('nothing drawn');
    const R = this.resolution;
    // Broadcast everything to the batch: the background layer carries the batch dim.
    const zero = o.mul(o.reduceMean(image, [1, 2, 3], true), 0); // [B,1,1,1]
    const maskList = masks.map((m, r) => {
      if (!m) throw new Error(`region ${REGION_NAMES[r]} draws nothing`);
      return o.add(o.clamp01(m), zero);
    });
    const img = o.clip(o.sub(o.mul(image, 2), 1), -1, 1);
    g.output('image', img, ['B', 3, R, R]);
    g.output('masks', o.concat(maskList, 1), ['B', NUM_REGIONS, R, R]);
    return g.serialize();
  }
}
