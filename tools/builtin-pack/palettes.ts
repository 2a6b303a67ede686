/** Colour ramps (sRGB 0..1) the generator interpolates piecewise-linearly. */
export type Rgb = readonly [number, number, number];

/** Very light to very deep brown skin: eleven stops, evenly spaced in lightness. */
export const SKIN: readonly Rgb[] = [
  [0.99, 0.88, 0.8],
  [0.96, 0.8, 0.69],
  [0.92, 0.73, 0.59],
  [0.85, 0.64, 0.49],
  [0.77, 0.56, 0.4],
  [0.68, 0.47, 0.32],
  [0.58, 0.39, 0.26],
  [0.48, 0.31, 0.2],
  [0.39, 0.25, 0.16],
  [0.31, 0.2, 0.13],
  [0.24, 0.16, 0.11],
];

/** Black through browns to blond, by lightness. */
export const HAIR: readonly Rgb[] = [
  [0.06, 0.05, 0.05],
  [0.15, 0.1, 0.08],
  [0.3, 0.19, 0.12],
  [0.48, 0.33, 0.2],
  [0.68, 0.54, 0.34],
  [0.88, 0.77, 0.52],
];
export const HAIR_RED: Rgb = [0.66, 0.27, 0.11];
export const HAIR_GREY: Rgb = [0.84, 0.84, 0.86];

/** Dark brown, brown, hazel, green, grey-blue, blue. */
export const IRIS: readonly Rgb[] = [
  [0.2, 0.11, 0.06],
  [0.38, 0.22, 0.1],
  [0.52, 0.42, 0.18],
  [0.3, 0.5, 0.3],
  [0.42, 0.55, 0.65],
  [0.22, 0.46, 0.78],
];

/** Backdrops: saturated enough to tell apart at thumbnail size. */
export const BACKGROUND: readonly Rgb[] = [
  [0.55, 0.7, 0.92],
  [0.55, 0.85, 0.68],
  [0.98, 0.84, 0.5],
  [0.98, 0.62, 0.55],
  [0.75, 0.62, 0.95],
  [0.45, 0.82, 0.85],
  [0.95, 0.6, 0.8],
  [0.7, 0.75, 0.5],
  [0.55, 0.7, 0.92],
];

/** Shirt colours. */
export const SHIRT: readonly Rgb[] = [
  [0.16, 0.22, 0.45],
  [0.1, 0.5, 0.52],
  [0.92, 0.7, 0.18],
  [0.62, 0.14, 0.22],
  [0.18, 0.48, 0.26],
  [0.45, 0.47, 0.5],
  [0.95, 0.94, 0.9],
  [0.85, 0.4, 0.2],
  [0.5, 0.3, 0.65],
  [0.16, 0.22, 0.45],
];

export const EARRING: readonly Rgb[] = [
  [0.95, 0.8, 0.35],
  [0.85, 0.86, 0.9],
  [0.9, 0.35, 0.4],
];

/** Glasses frames: black, tortoise, gold, red, clear-grey. */
export const FRAMES: readonly Rgb[] = [
  [0.08, 0.07, 0.07],
  [0.35, 0.2, 0.1],
  [0.78, 0.62, 0.3],
  [0.6, 0.12, 0.16],
  [0.5, 0.52, 0.56],
];

export const LIP_ROSE: Rgb = [0.78, 0.36, 0.4];
