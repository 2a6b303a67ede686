/** Colour ramps (sRGB 0..1) the generator interpolates piecewise-linearly. */
export type Rgb = readonly [number, number, number];

/** Very light to very dark brown skin. */
export const SKIN: readonly Rgb[] = [
  [0.98, 0.87, 0.79],
  [0.95, 0.78, 0.66],
  [0.87, 0.66, 0.51],
  [0.76, 0.54, 0.38],
  [0.62, 0.42, 0.28],
  [0.47, 0.31, 0.2],
  [0.34, 0.22, 0.15],
  [0.24, 0.16, 0.12],
];

/** Black through browns to blond, by lightness. */
export const HAIR: readonly Rgb[] = [
  [0.07, 0.06, 0.06],
  [0.17, 0.12, 0.09],
  [0.32, 0.21, 0.13],
  [0.5, 0.35, 0.21],
  [0.68, 0.54, 0.34],
  [0.86, 0.74, 0.5],
];
export const HAIR_RED: Rgb = [0.66, 0.27, 0.11];
export const HAIR_GREY: Rgb = [0.86, 0.86, 0.88];

/** Dark brown, brown, hazel, green, grey-blue, blue. */
export const IRIS: readonly Rgb[] = [
  [0.2, 0.11, 0.06],
  [0.38, 0.22, 0.1],
  [0.52, 0.42, 0.18],
  [0.3, 0.5, 0.3],
  [0.42, 0.55, 0.65],
  [0.22, 0.46, 0.78],
];

/** Soft pastel backdrops. */
export const BACKGROUND: readonly Rgb[] = [
  [0.7, 0.8, 0.93],
  [0.73, 0.89, 0.8],
  [0.95, 0.87, 0.7],
  [0.98, 0.78, 0.72],
  [0.83, 0.78, 0.95],
  [0.68, 0.87, 0.89],
  [0.7, 0.8, 0.93],
];

/** Shirt colours. */
export const SHIRT: readonly Rgb[] = [
  [0.16, 0.22, 0.4],
  [0.13, 0.45, 0.47],
  [0.85, 0.65, 0.2],
  [0.55, 0.16, 0.22],
  [0.2, 0.42, 0.26],
  [0.45, 0.47, 0.5],
  [0.93, 0.92, 0.88],
  [0.16, 0.22, 0.4],
];

export const EARRING: readonly Rgb[] = [
  [0.95, 0.8, 0.35],
  [0.85, 0.86, 0.9],
  [0.9, 0.35, 0.4],
];

export const LIP_ROSE: Rgb = [0.78, 0.36, 0.4];
