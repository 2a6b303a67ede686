/**
 * FFHQ alignment on pixels (NVlabs/ffhq-dataset recreate_aligned_images): shrink,
 * crop with a border, reflect padding blended with a blur and the median colour, the
 * quad transform (bilinear) to `transformSize`, then an antialiased resize to the
 * output. sharp does resizing and the Gaussian blur; the rest is small array math.
 *
 * One deliberate difference: FFHQ shrinks by an integer factor only once the quad is
 * 4× the output; we shrink (by any factor) once it is over 2×, so the float padding
 * buffer stays bounded for photos up to 50 MP. The geometry is unchanged.
 */
import sharp from 'sharp';
import { ffhqQuad, type FfhqQuad } from './ffhq-quad';
import type { FivePoints, Point, RgbImage } from './types';
import { InputError } from '../../domain/errors';

export interface AlignOptions {
  outputSize?: number;
  transformSize?: number;
  enablePadding?: boolean;
}

export interface AlignedFace {
  image: RgbImage;
  /** The quad in the input image's coordinates (for drawing it, or mapping points). */
  quad: FfhqQuad;
}

export async function alignFace(src: RgbImage, points: FivePoints, opts: AlignOptions = {}): Promise<AlignedFace> {
  const outputSize = opts.outputSize ?? 1024;
  const transformSize = opts.transformSize ?? 4096;
  const geometry = ffhqQuad(points);
  let quad = geometry.quad.map((p) => ({ ...p }));
  let qsize = geometry.qsize;
  let img = src;

  // Shrink.
  const shrink = qsize / (2 * outputSize);
  if (shrink > 1) {
    img = await resize(img, Math.max(1, Math.round(img.width / shrink)), Math.max(1, Math.round(img.height / shrink)));
    quad = quad.map((p) => ({ x: p.x / shrink, y: p.y / shrink }));
    qsize /= shrink;
  }

  // Crop.
  const border = Math.max(Math.round(qsize * 0.1), 3);
  const bounds = quadBounds(quad);
  const crop = [
    Math.max(bounds[0] - border, 0),
    Math.max(bounds[1] - border, 0),
    Math.min(bounds[2] + border, img.width),
    Math.min(bounds[3] + border, img.height),
  ] as const;
  if (crop[2] - crop[0] < img.width || crop[3] - crop[1] < img.height) {
    if (crop[2] <= crop[0] || crop[3] <= crop[1]) throw new InputError('the face lies outside the photo');
    img = cropRgb(img, crop[0], crop[1], crop[2] - crop[0], crop[3] - crop[1]);
    quad = quad.map((p) => ({ x: p.x - crop[0], y: p.y - crop[1] }));
  }

  // Pad.
  const b2 = quadBounds(quad);
  let pad = [Math.max(-b2[0] + border, 0), Math.max(-b2[1] + border, 0), Math.max(b2[2] - img.width + border, 0), Math.max(b2[3] - img.height + border, 0)];
  if ((opts.enablePadding ?? true) && Math.max(...pad) > border - 4) {
    const least = Math.round(qsize * 0.3);
    pad = pad.map((v) => Math.max(v, least));
    img = await reflectPadBlend(img, pad as [number, number, number, number], qsize);
    quad = quad.map((p) => ({ x: p.x + pad[0]!, y: p.y + pad[1]! }));
  }

  // Transform.
  const big = quadTransform(img, quad as FfhqQuad['quad'], transformSize);
  const image = outputSize < transformSize ? await resize(big, outputSize, outputSize) : big;
  return { image, quad: geometry };
}

/** floor(min), floor(min), ceil(max), ceil(max) of the corners, as FFHQ's crop and pad. */
function quadBounds(q: Point[]): [number, number, number, number] {
  const xs = q.map((p) => p.x);
  const ys = q.map((p) => p.y);
  return [Math.floor(Math.min(...xs)), Math.floor(Math.min(...ys)), Math.ceil(Math.max(...xs)), Math.ceil(Math.max(...ys))];
}

export async function resize(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

export async function rgbToPng(img: RgbImage): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).png().toBuffer();
}

export function cropRgb(img: RgbImage, left: number, top: number, width: number, height: number): RgbImage {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * img.width + left) * 3;
    out.set(img.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { data: out, width, height };
}

/** numpy's 'reflect' index (edge not repeated), for pads of any size. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * np.pad(img, reflect); then, towards the padded edges, blend into a Gaussian blur
 * (σ = 0.02·qsize) and the median colour, as FFHQ does so the padding reads as
 * out-of-focus background rather than mirrored faces.
 */
async function reflectPadBlend(img: RgbImage, pad: [number, number, number, number], qsize: number): Promise<RgbImage> {
  const [pl, pt, pr, pb] = pad;
  const w = img.width + pl + pr;
  const h = img.height + pt + pb;
  const padded = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = reflectIndex(y - pt, img.height);
    for (let x = 0; x < w; x++) {
      const s = (sy * img.width + reflectIndex(x - pl, img.width)) * 3;
      const d = (y * w + x) * 3;
      padded[d] = img.data[s]!;
      padded[d + 1] = img.data[s + 1]!;
      padded[d + 2] = img.data[s + 2]!;
    }
  }
  const sigma = Math.max(qsize * 0.02, 0.3);
  const blurred = await sharp(padded, { raw: { width: w, height: h, channels: 3 } }).blur(sigma).raw().toBuffer();
  const out = new Float32Array(w * h * 3);
  const mask = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const my = 1 - Math.min(y / pt, (h - 1 - y) / pb);
    for (let x = 0; x < w; x++) {
      const m = Math.max(1 - Math.min(x / pl, (w - 1 - x) / pr), my);
      mask[y * w + x] = m;
      const k = Math.min(Math.max(m * 3 + 1, 0), 1);
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        out[i] = padded[i]! + (blurred[i]! - padded[i]!) * k;
      }
    }
  }
  const median = channelMedians(out);
  const data = new Uint8Array(w * h * 3);
  for (let p = 0; p < w * h; p++) {
    const k = Math.min(Math.max(mask[p]!, 0), 1);
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      data[i] = clampByte(Math.round(out[i]! + (median[c]! - out[i]!) * k));
    }
  }
  return { data, width: w, height: h };
}

/** Per-channel median through a histogram of values rounded to 1/16 (exact enough, O(n)). */
function channelMedians(img: Float32Array): number[] {
  const bins = 256 * 16;
  return [0, 1, 2].map((c) => {
    const hist = new Uint32Array(bins);
    const n = img.length / 3;
    for (let p = 0; p < n; p++) hist[Math.min(bins - 1, Math.max(0, Math.round(img[p * 3 + c]! * 16)))]!++;
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += hist[b]!;
      if (seen * 2 >= n) return b / 16;
    }
    return 127.5;
  });
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * PIL's Image.transform(QUAD, quad + 0.5, BILINEAR): output pixel centre (u, v) in
 * [0,1]² maps bilinearly onto the quad, then the source is sampled bilinearly;
 * samples outside the source are black, as in PIL.
 */
export function quadTransform(img: RgbImage, quad: FfhqQuad['quad'], size: number): RgbImage {
  const [nw, sw, se, ne] = quad;
  const out = new Uint8Array(size * size * 3);
  const { width: W, height: H, data } = img;
  for (let yo = 0; yo < size; yo++) {
    const v = (yo + 0.5) / size;
    for (let xo = 0; xo < size; xo++) {
      const u = (xo + 0.5) / size;
      const sx = nw.x + (ne.x - nw.x) * u + (sw.x - nw.x) * v + (se.x - sw.x - ne.x + nw.x) * u * v;
      const sy = nw.y + (ne.y - nw.y) * u + (sw.y - nw.y) * v + (se.y - sw.y - ne.y + nw.y) * u * v;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (yo * size + xo) * 3;
      for (let c = 0; c < 3; c++) {
        const p00 = sample(data, W, H, x0, y0, c);
        const p10 = sample(data, W, H, x0 + 1, y0, c);
        const p01 = sample(data, W, H, x0, y0 + 1, c);
        const p11 = sample(data, W, H, x0 + 1, y0 + 1, c);
        const top = p00 + (p10 - p00) * fx;
        const bottom = p01 + (p11 - p01) * fx;
        out[o + c] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { data: out, width: size, height: size };
}

function sample(data: Uint8Array, w: number, h: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= w || y >= h) return 0;
  return data[(y * w + x) * 3 + c]!;
}
