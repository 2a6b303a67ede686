/**
 * From an aligned face image to the face description of src/domain/face-features.ts: the
 * 68 landmarks the importer's detector finds give the shape (in units of the distance
 * between the eye centres), with pixel profiles in the landmarks' frame for the eyes, nose
 * and mouth (face-profiles.ts); pixels sampled at landmark-anchored spots give skin, hair and
 * iris colour, face-api's age and gender net gives the estimates. This is the input of a
 * landmark-based photo encoder (the built-in pack's; docs/ARCHITECTURE.md, "Photo import").
 */
import { FACE_FEATURE_NAMES, FACE_FEATURES_LENGTH, FACE_GEOMETRY, MOUTH_PROFILE_OFFSETS, NOSE_PROFILE_OFFSETS, type FaceFeatureName } from '../../domain/face-features';
import { faceProfiles } from './face-profiles';
import { PhotoError, type DetectedFace, type FaceDetector, type Point, type RgbImage } from './types';

type Rgb = [number, number, number];

const NOSE_NAMES = FACE_GEOMETRY.filter((n) => n.startsWith('noseDark'));
const MOUTH_NAMES = FACE_GEOMETRY.filter((n) => n.startsWith('mouthDark'));
if (NOSE_NAMES.length !== NOSE_PROFILE_OFFSETS.length || MOUTH_NAMES.length !== MOUTH_PROFILE_OFFSETS.length) {
  throw new Error('face-features: the profile names of FACE_GEOMETRY and the profile offsets disagree');
}

const mean = (ps: Point[]): Point => ({ x: ps.reduce((a, p) => a + p.x, 0) / ps.length, y: ps.reduce((a, p) => a + p.y, 0) / ps.length });

/** The feature vector of one detected face in `img` (landmarks and age/gender required). */
export function faceFeatures(img: RgbImage, face: DetectedFace): Float32Array {
  const lm = face.landmarks68;
  if (!lm || lm.length !== 68) throw new PhotoError('no-face', 'the face detector gave no 68-point landmarks for this face');
  if (!face.ageGender) throw new Error('faceFeatures needs the age and gender estimate (detect with { ageGender: true })');
  const le = mean(lm.slice(36, 42));
  const re = mean(lm.slice(42, 48));
  const m = mean([le, re]);
  const d = Math.hypot(re.x - le.x, re.y - le.y);
  // Face frame: rotate so the eye line is horizontal (alignment leaves a little roll).
  const c = (re.x - le.x) / d;
  const s = (re.y - le.y) / d;
  const f = lm.map((p) => ({ x: ((p.x - m.x) * c + (p.y - m.y) * s) / d, y: (-(p.x - m.x) * s + (p.y - m.y) * c) / d }));
  const X = (i: number) => f[i]!.x;
  const Y = (i: number) => f[i]!.y;
  const avg = (...v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const geometry: Record<(typeof FACE_FEATURE_NAMES)[number], number> = {
    faceWidthEyes: X(16) - X(0),
    faceWidthMid: X(14) - X(2),
    faceWidthLow: X(12) - X(4),
    chinWidth: X(10) - X(6),
    chinY: Y(8),
    jawY: avg(Y(4), Y(12)),
    browY: avg(...[17, 18, 19, 20, 21, 22, 23, 24, 25, 26].map(Y)),
    browLength: avg(X(21) - X(17), X(26) - X(22)),
    browArch: avg(avg(Y(17), Y(21)) - Y(19), avg(Y(22), Y(26)) - Y(24)),
    browGap: X(22) - X(21),
    browTilt: avg(Y(21) - Y(17), Y(22) - Y(26)),
    eyeWidth: avg(X(39) - X(36), X(45) - X(42)),
    eyeHeight: avg(avg(Y(41), Y(40)) - avg(Y(37), Y(38)), avg(Y(47), Y(46)) - avg(Y(43), Y(44))),
    eyeTilt: avg(Y(39) - Y(36), Y(42) - Y(45)),
    noseLength: Y(30) - Y(27),
    noseTipY: Y(30),
    noseBottomY: Y(33),
    noseWidth: X(35) - X(31),
    mouthWidth: X(54) - X(48),
    mouthY: avg(Y(62), Y(66)),
    upperLip: Y(62) - Y(51),
    lowerLip: Y(57) - Y(66),
    mouthOpen: Y(66) - Y(62),
    smile: avg(Y(62), Y(66)) - avg(Y(48), Y(54)),
    skinR: 0, skinG: 0, skinB: 0, hairR: 0, hairG: 0, hairB: 0, irisR: 0, irisG: 0, irisB: 0,
    eyeWhite: 0,
    noseDark04: 0, noseDark08: 0, noseDark12: 0, noseDark16: 0, noseDark20: 0, noseDark24: 0, noseDark28: 0, noseDark32: 0, noseDark36: 0,
    mouthDark12: 0, mouthDark18: 0, mouthDark24: 0, mouthDark30: 0, mouthDark36: 0, mouthDark42: 0, mouthDark48: 0, mouthDark54: 0, mouthDark60: 0, mouthDark66: 0, mouthDark72: 0,
    age: face.ageGender.age / 100,
    male: face.ageGender.male,
  };
  const prof = faceProfiles(img, { origin: m, scale: d, cos: c, sin: s }, {
    eyes: [mean(f.slice(36, 42)), mean(f.slice(42, 48))],
    noseTip: f[30]!,
    noseBottom: f[33]!,
    mouth: { x: avg(X(51), X(57)), y: avg(Y(62), Y(66)) },
  });
  geometry.eyeWhite = prof.eyeWhite;
  prof.noseDark.forEach((v, k) => (geometry[NOSE_NAMES[k]!] = v));
  prof.mouthDark.forEach((v, k) => (geometry[MOUTH_NAMES[k]!] = v));
  // Back to image pixels from face-frame units.
  const at = (u: number, v: number): Point => ({ x: m.x + (u * c - v * s) * d, y: m.y + (u * s + v * c) * d });
  const skin = skinColour(img, [lm[29]!, at(0, -0.55), mid(lm[3]!, lm[48]!), mid(lm[13]!, lm[54]!), mid(lm[57]!, lm[8]!)], 0.1 * d);
  // Over the forehead and the crown: at the temples a photo often shows ears, shadow or backdrop.
  const hair = hairColour(img, skin, [at(0, -1.35), at(-0.5, -1.3), at(0.5, -1.3), at(0, -1.65), at(-0.45, -1.6), at(0.45, -1.6)], 0.14 * d);
  const iris = irisColour(img, [lm.slice(36, 42), lm.slice(42, 48)]);
  [geometry.skinR, geometry.skinG, geometry.skinB] = skin;
  [geometry.hairR, geometry.hairG, geometry.hairB] = hair;
  [geometry.irisR, geometry.irisG, geometry.irisB] = iris;
  const out = new Float32Array(FACE_FEATURES_LENGTH);
  FACE_FEATURE_NAMES.forEach((n: FaceFeatureName, i) => (out[i] = geometry[n]));
  return out;
}

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

function pixel(img: RgbImage, x: number, y: number): Rgb | null {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return null;
  const o = (yi * img.width + xi) * 3;
  return [img.data[o]! / 255, img.data[o + 1]! / 255, img.data[o + 2]! / 255];
}

function disc(img: RgbImage, p: Point, r: number): Rgb[] {
  const out: Rgb[] = [];
  const R = Math.max(1, Math.ceil(r));
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      if (dx * dx + dy * dy > r * r + 0.5) continue;
      const v = pixel(img, p.x + dx, p.y + dy);
      if (v) out.push(v);
    }
  }
  return out;
}

/** Channel-wise median: robust to a highlight, a blush or a stray hair in the samples. */
function median(px: Rgb[]): Rgb {
  if (px.length === 0) return [0.5, 0.5, 0.5];
  const med = (k: 0 | 1 | 2) => {
    const v = px.map((p) => p[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)]!;
  };
  return [med(0), med(1), med(2)];
}

const dist = (a: Rgb, b: Rgb) => (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2])) / 3;

function skinColour(img: RgbImage, spots: Point[], r: number): Rgb {
  return median(spots.flatMap((p) => disc(img, p, r)));
}

/** Above the brows and at the temples, the pixels unlike skin; skin itself where none are (no hair showing). */
function hairColour(img: RgbImage, skin: Rgb, spots: Point[], r: number): Rgb {
  const all = spots.flatMap((p) => disc(img, p, r));
  const notSkin = all.filter((p) => dist(p, skin) > 0.12);
  if (notSkin.length < all.length * 0.15) return skin;
  return median(notSkin);
}

/** Inside the eye outline, the band of pixels darker than the white and lighter than the pupil. */
function irisColour(img: RgbImage, outlines: Point[][]): Rgb {
  const px: Rgb[] = [];
  for (const poly of outlines) {
    const xs = poly.map((p) => p.x);
    const ys = poly.map((p) => p.y);
    for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
      for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
        if (!inside(poly, x, y)) continue;
        const v = pixel(img, x, y);
        if (v) px.push(v);
      }
    }
  }
  if (px.length === 0) return [0.3, 0.2, 0.1];
  const lum = (p: Rgb) => 0.3 * p[0] + 0.59 * p[1] + 0.11 * p[2];
  const sorted = px.sort((a, b) => lum(a) - lum(b));
  return median(sorted.slice(Math.floor(sorted.length * 0.15), Math.max(Math.floor(sorted.length * 0.15) + 1, Math.ceil(sorted.length * 0.5))));
}

function inside(poly: Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) hit = !hit;
  }
  return hit;
}

/** [B,3,S,S] in [−1,1] (the encoder's input) → 8-bit RGB images. */
export function chwToImages(batch: Float32Array, size: number): RgbImage[] {
  const px = size * size;
  const n = batch.length / (3 * px);
  const out: RgbImage[] = [];
  for (let b = 0; b < n; b++) {
    const data = new Uint8Array(px * 3);
    for (let i = 0; i < px; i++) {
      for (let k = 0; k < 3; k++) data[i * 3 + k] = Math.max(0, Math.min(255, Math.round((batch[(b * 3 + k) * px + i]! + 1) * 127.5)));
    }
    out.push({ data, width: size, height: size });
  }
  return out;
}

/** Reads the face description of every image in an encoder batch; the largest face of each. */
export type FaceFeatureReader = (image: Float32Array, size: number) => Promise<Float32Array>;

export function faceFeatureReader(detector: FaceDetector): FaceFeatureReader {
  return async (batch, size) => {
    const images = chwToImages(batch, size);
    const out = new Float32Array(images.length * FACE_FEATURES_LENGTH);
    for (const [i, img] of images.entries()) {
      const faces = await detector.detect(img, { ageGender: true });
      const face = faces[0];
      if (!face) throw new PhotoError('no-face', 'No face was found in the aligned image, so it cannot be encoded.');
      out.set(faceFeatures(img, face), i * FACE_FEATURES_LENGTH);
    }
    return out;
  };
}
