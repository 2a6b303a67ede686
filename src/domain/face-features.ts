/**
 * The face description a landmark-based photo encoder reads (docs/ARCHITECTURE.md, "Photo
 * import"): shape measured from the 68 iBUG landmarks in units of the distance between the
 * eye centres (origin midway between them, y down), colours sampled from the photo (sRGB
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
] as const;

export const FACE_COLOURS = ['skinR', 'skinG', 'skinB', 'hairR', 'hairG', 'hairB', 'irisR', 'irisG', 'irisB'] as const;

/** Age in years / 100 and the probability that the face is male. */
export const FACE_ESTIMATES = ['age', 'male'] as const;

export const FACE_FEATURE_NAMES = [...FACE_GEOMETRY, ...FACE_COLOURS, ...FACE_ESTIMATES] as const;
export type FaceFeatureName = (typeof FACE_FEATURE_NAMES)[number];
export const FACE_FEATURES_LENGTH = FACE_FEATURE_NAMES.length;

export function faceFeatureIndex(name: FaceFeatureName): number {
  return FACE_FEATURE_NAMES.indexOf(name);
}
