/**
 * The face description a landmark-based photo encoder reads (docs/ARCHITECTURE.md, "Photo
 * import"): shape measured from the 68 iBUG landmarks in units of the distance between the
 * eye centres (origin midway between them, y down) and from pixels at landmark-anchored
 * places (eye whites, nose and mouth darkness profiles), colours sampled from the photo (sRGB
 * 0..1), and age and gender estimated by a face network. Pack-independent: a pack whose
 * manifest says `io.encoderInput: 'face-features'` maps this vector to its own W+.
 */
export const FACE_GEOMETRY = [
  'faceWidthEyes', // x16 − x0: face width at eye level
  'faceWidthMid', // x14 − x2
  'faceWidthLow', // x12 − x4
  'chinWidth', // x10 − x6
  'chinY', // y8
  'jawY', // mean of y4, y12
  'browY', // mean y of 17–26
  'browLength', // mean of x21 − x17 and x26 − x22
  'browArch', // how far the brow's middle rises above its ends
  'browGap', // x22 − x21
  'browTilt', // inner end lower than outer end → positive
  'eyeWidth', // corner to corner, mean of both eyes
  'eyeHeight', // lid to lid, mean of both eyes
  'eyeTilt', // outer corner higher than inner → positive
  'noseLength', // y30 − y27
  'noseTipY', // y30
  'noseBottomY', // y33
  'noseWidth', // x35 − x31
  'mouthWidth', // x54 − x48
  'mouthY', // mean of y62, y66
  'upperLip', // y62 − y51
  'lowerLip', // y57 − y66
  'mouthOpen', // y66 − y62
  'smile', // mouth corners above the lips' middle → positive
  // Pixel measures anchored by the landmarks, for what the landmarks barely see (eye size,
  // nose and mouth width; docs/ARCHITECTURE.md, "Photo import"):
  'eyeWhite', // near-white area around each eye centre (±0.4 × ±0.2), mean of both eyes, eye distances²
  // Darkness relative to the nose band's typical skin (1 − luminance / band's 60th percentile),
  // the darkest in each column of the band from the nose tip (y30) to under the nostrils (y33),
  // mean of both sides, at ±0.04 … ±0.36 eye distances from the tip's x:
  'noseDark04', 'noseDark08', 'noseDark12', 'noseDark16', 'noseDark20', 'noseDark24', 'noseDark28', 'noseDark32', 'noseDark36',
  // The same across the mouth (a band ±0.05 around the lips' line), ±0.12 … ±0.72 from its middle:
  'mouthDark12', 'mouthDark18', 'mouthDark24', 'mouthDark30', 'mouthDark36', 'mouthDark42', 'mouthDark48', 'mouthDark54', 'mouthDark60', 'mouthDark66', 'mouthDark72',
] as const;

/** Offsets (eye distances) of the nose and mouth darkness profiles, in FACE_GEOMETRY order. */
export const NOSE_PROFILE_OFFSETS = [0.04, 0.08, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32, 0.36] as const;
export const MOUTH_PROFILE_OFFSETS = [0.12, 0.18, 0.24, 0.3, 0.36, 0.42, 0.48, 0.54, 0.6, 0.66, 0.72] as const;

export const FACE_COLOURS = ['skinR', 'skinG', 'skinB', 'hairR', 'hairG', 'hairB', 'irisR', 'irisG', 'irisB'] as const;

/** Age in years / 100 and the probability that the face is male. */
export const FACE_ESTIMATES = ['age', 'male'] as const;

export const FACE_FEATURE_NAMES = [...FACE_GEOMETRY, ...FACE_COLOURS, ...FACE_ESTIMATES] as const;
export type FaceFeatureName = (typeof FACE_FEATURE_NAMES)[number];
export const FACE_FEATURES_LENGTH = FACE_FEATURE_NAMES.length;

export function faceFeatureIndex(name: FaceFeatureName): number {
  return FACE_FEATURE_NAMES.indexOf(name);
}
