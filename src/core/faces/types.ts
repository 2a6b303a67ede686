/** Shapes shared by the face modules: images in memory, points, detected faces. */
import { KinshipError } from '../../domain/errors';

/** Interleaved 8-bit RGB, row-major. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The five points FFHQ alignment needs. "left" means left in the image. */
export interface FivePoints {
  leftEye: Point;
  rightEye: Point;
  nose: Point;
  mouthLeft: Point;
  mouthRight: Point;
}

export interface DetectedFace {
  box: Box;
  score: number;
  points: FivePoints;
  /** The 68-point iBUG layout when the detector gives it (face-api does). */
  landmarks68: Point[] | null;
  /** Estimated by face-api's age and gender net when asked for (DetectOptions.ageGender). */
  ageGender?: AgeGender;
}

export interface AgeGender {
  /** Years. */
  age: number;
  /** Probability that the face is male, 0..1. */
  male: number;
}

export interface DetectOptions {
  /** Also estimate age and gender (one more small network per face). */
  ageGender?: boolean;
}

/** Anything that finds faces: face-api in the app, a fake in tests. */
export interface FaceDetector {
  detect(image: RgbImage, options?: DetectOptions): Promise<DetectedFace[]>;
}

/** A problem with the photo the user should read (never a crash). */
export class PhotoError extends KinshipError {
  constructor(
    readonly reason: 'not-an-image' | 'unsupported-format' | 'truncated' | 'too-large' | 'no-face' | 'face-too-small' | 'face-too-rotated' | 'bad-face-index',
    message: string,
  ) {
    super(reason === 'unsupported-format' ? 'unsupported' : 'invalid-input', message);
    this.name = 'PhotoError';
  }
}
