/**
 * Soft signed-distance shapes on the pixel grid. Distances are in image units (the image
 * spans −1..1, one pixel = 2/R); negative inside. Parameters are [B,1,1,1] values or
 * numbers, so every shape broadcasts to [B,1,R,R].
 */
import { Num, Ops, V } from './expr.js';
import { RESOLUTION } from './layout.js';

const COVER_FLOOR = 0.02;

export interface Grid {
  X: V;
  Y: V;
  /** |X|: mirrored shapes (eyes, ears, brows) are drawn once for both sides. */
  AX: V;
  /** sign(X), to give mirrored shapes a common direction (gaze). */
  SX: V;
}

export function makeGrid(o: Ops, R: number = RESOLUTION): Grid {
  const xs = new Float32Array(R * R);
  const ys = new Float32Array(R * R);
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < R; j++) {
      xs[i * R + j] = (j + 0.5) / (R / 2) - 1;
      ys[i * R + j] = (i + 0.5) / (R / 2) - 1;
    }
  }
  const X = o.g.initializer(xs, [1, 1, R, R], 'grid_x');
  const Y = o.g.initializer(ys, [1, 1, R, R], 'grid_y');
  return { X, Y, AX: o.abs(X), SX: o.g.node('Sign', [X]) };
}

export class Shapes {
  constructor(
    readonly o: Ops,
    readonly grid: Grid,
    /** One pixel in image units (the image spans −1..1). */
    readonly px: number = 2 / RESOLUTION,
  ) {}

  /** Local coordinates around (cx, cy), optionally mirrored and rotated by `rot` radians. */
  local(cx: Num, cy: Num, mirror = false, rot?: Num): [V, V] {
    const o = this.o;
    const dx = o.sub(mirror ? this.grid.AX : this.grid.X, cx);
    const dy = o.sub(this.grid.Y, cy);
    if (rot === undefined) return [dx, dy];
    const c = o.cos(rot);
    const s = o.sin(rot);
    return [o.add(o.mul(dx, c), o.mul(dy, s)), o.sub(o.mul(dy, c), o.mul(dx, s))];
  }

  /** Ellipse distance (gradient-normalised implicit function: accurate near the edge). */
  ellipseAt(dx: V, dy: V, rx: Num, ry: Num): V {
    const o = this.o;
    const irx = o.div(1, rx);
    const iry = o.div(1, ry);
    const ux = o.mul(dx, irx);
    const uy = o.mul(dy, iry);
    const k0 = o.sqrt(o.add(o.sq(ux), o.sq(uy)));
    const k1 = o.sqrt(o.add(o.sq(o.mul(ux, irx)), o.sq(o.mul(uy, iry)), 1e-6));
    return o.div(o.mul(k0, o.sub(k0, 1)), k1);
  }

  ellipse(cx: Num, cy: Num, rx: Num, ry: Num, mirror = false, rot?: Num): V {
    const [dx, dy] = this.local(cx, cy, mirror, rot);
    return this.ellipseAt(dx, dy, rx, ry);
  }

  circle(cx: Num, cy: Num, r: Num, mirror = false): V {
    const o = this.o;
    const [dx, dy] = this.local(cx, cy, mirror);
    return o.sub(o.sqrt(o.add(o.sq(dx), o.sq(dy))), r);
  }

  /** Rounded box with half sizes (hx, hy) and corner radius r. */
  box(cx: Num, cy: Num, hx: Num, hy: Num, r: Num, mirror = false): V {
    const o = this.o;
    const [dx, dy] = this.local(cx, cy, mirror);
    const qx = o.add(o.sub(o.abs(dx), hx), r);
    const qy = o.add(o.sub(o.abs(dy), hy), r);
    const outside = o.sqrt(o.add(o.sq(o.relu(qx)), o.sq(o.relu(qy))));
    const inside = o.min(o.max(qx, qy), 0);
    return o.sub(o.add(outside, inside), r);
  }

  /**
   * A tapered stroke along y = cy + bend·(1 − (t)²) + tilt·dx, t = dx/half, over |dx| ≤ half:
   * thickness th·(1 − taper·t²)·(1 + skew·t). Brows, lid lines, lips, wrinkles.
   */
  stroke(cx: Num, cy: Num, half: Num, bend: Num, tilt: Num, th: Num, opts: { mirror?: boolean; taper?: number; skew?: Num; vertical?: boolean } = {}): V {
    const o = this.o;
    const g = this.grid;
    const along = opts.vertical ? g.Y : opts.mirror ? g.AX : g.X;
    const across = opts.vertical ? (opts.mirror ? g.AX : g.X) : g.Y;
    const dx = o.sub(along, cx);
    const t = o.div(dx, half);
    const t2 = o.sq(t);
    const curve = o.add(cy, o.mul(bend, o.sub(1, t2)), o.mul(tilt, dx));
    // Slope of the curve, to turn vertical offset into distance.
    const slope = o.add(o.mul(o.div(bend, o.mul(half, half)), dx, -2), tilt);
    const dist = o.div(o.abs(o.sub(across, curve)), o.sqrt(o.add(1, o.sq(slope))));
    let thick = o.mul(th, o.relu(o.sub(1, o.mul(t2, opts.taper ?? 0.7))));
    if (opts.skew !== undefined) thick = o.mul(thick, o.clip(o.add(1, o.mul(opts.skew, t)), 0.1, 2));
    const sd = o.sub(dist, o.mul(thick, 0.5));
    return o.max(sd, o.sub(o.abs(dx), half));
  }

  /**
   * Anti-aliased coverage of a distance field (edge ≈ `soft` wide). The sigmoid's far tail
   * is cut to exactly 0, so a shape changes no pixel outside its own (mask) support.
   */
  cover(sd: V, soft?: number): V {
    const o = this.o;
    soft ??= this.px * 0.5;
    return o.mul(o.relu(o.sub(o.sigmoid(o.mul(sd, -1 / soft)), COVER_FLOOR)), 1 / (1 - COVER_FLOOR));
  }

  union(...sds: V[]): V {
    return this.o.min(...sds);
  }

  intersect(...sds: V[]): V {
    return this.o.max(...sds);
  }

  /** a minus b. */
  subtract(a: V, b: V): V {
    return this.o.max(a, this.o.neg(b));
  }
}
