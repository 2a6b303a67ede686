/** Photo import: face detection, FFHQ alignment, inversion into a founder. */
export * from './types';
export { faceApiDetector } from './detector';
export { ffhqQuad, toAligned, type FfhqQuad } from './ffhq-quad';
export { alignFace, rgbToPng, type AlignedFace } from './ffhq-align';
export { checkFace, measureFace, MIN_QSIZE } from './face-checks';
export { decodePhoto, MAX_INPUT_PIXELS } from './photo-input';
export { PhotoSession, type DetectedPhoto, type PhotoFace } from './photo-session';
export { encoderInput } from './encoder-input';
export { createAligningPreparer } from './pool-aligner';
