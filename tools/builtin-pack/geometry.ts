/**
 * Face geometry codes of the built-in pack: person-wide proportions (face width and length,
 * brow height, eye size, nose length and width, mouth width) that a founder's mapping writes
 * into the parameters of every region that draws a part of them, so that the whole face part
 * moves together and far enough to be seen at thumbnail size and by a landmark detector.
 * Each region still reads only its own parameters (a child that inherits the nose tip from
 * one parent and the nostrils from the other gets each from its parent). The photo encoder
 * estimates each code from the landmarks and writes it back into all its targets; the first
 * target is the one tests compare (docs/ARCHITECTURE.md, "Photo import").
 */
import type { RegionName } from './layout.js';

export interface GeometryCode {
  readonly name: string;
  /** Regions' parameters the code sets (u-space: the same value in each); the first is the reference. */
  readonly targets: ReadonlyArray<readonly [RegionName, string]>;
  /** Per-race mean (RACES order) in u-space; sd of the code across people. */
  readonly mean: readonly number[];
  readonly sd: number;
}

const even = (v: number): number[] => Array(7).fill(v);

export const GEOMETRY_CODES: readonly GeometryCode[] = [
  {
    name: 'faceWidth',
    targets: [['head', 'width'], ['jaw', 'width'], ['chin', 'width'], ['forehead', 'width'], ['cheek', 'x'], ['ear', 'x'], ['ear helix', 'x'], ['ear lobule', 'x'], ['hair sideburns', 'x']],
    mean: even(0.5),
    sd: 0.24,
  },
  { name: 'faceLength', targets: [['chin', 'bottom'], ['jaw', 'angleY']], mean: even(0.5), sd: 0.24 },
  { name: 'browHeight', targets: [['eyebrow', 'y']], mean: even(0.5), sd: 0.24 },
  {
    name: 'eyeSize',
    targets: [['eye sclera', 'width'], ['eye sclera', 'height'], ['eye top lid', 'half'], ['eye bottom lid', 'half'], ['eyelashes', 'half'], ['eye tear duct', 'half']],
    mean: even(0.5),
    sd: 0.24,
  },
  { name: 'noseLength', targets: [['nose tip', 'y'], ['nose', 'y'], ['nose ala', 'y'], ['nostril', 'y'], ['nose bridge', 'y']], mean: even(0.5), sd: 0.24 },
  // Subtle, respectful priors by race (small shifts, wide overlap), as the pack had before.
  { name: 'noseWidth', targets: [['nose ala', 'width'], ['nostril', 'gap'], ['nose', 'width']], mean: [0.45, 0.6, 0.5, 0.5, 0.53, 0.5, 0.45], sd: 0.22 },
  { name: 'mouthWidth', targets: [['lip superior', 'width'], ['lip inferior', 'width'], ['oral commissure', 'x'], ['teeth', 'width']], mean: even(0.5), sd: 0.24 },
];

/** The geometry code that sets region/name, if any. */
export function geometryCodeOf(region: string, name: string): GeometryCode | undefined {
  return GEOMETRY_CODES.find((c) => c.targets.some(([r, n]) => r === region && n === name));
}
