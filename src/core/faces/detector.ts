/**
 * Face boxes and 68 landmarks with face-api's tiny face detector and landmark net.
 * The tiny detector (not SSD MobileNet) because tfjs's pure-JS CPU backend runs it in
 * about 2 s per photo here against about 17 s for SSD.
 */
import { loadFaceApi } from './face-api-runtime';
import { fivePointsFrom68 } from './landmarks';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from './types';
import type { FaceApiResult, FaceApiAgeGender } from './face-api-runtime';

export interface FaceApiDetectorOptions {
  /** The detector's square input (a multiple of 32); larger finds smaller faces, slower. */
  inputSize?: number;
  minScore?: number;
}

export function faceApiDetector(opts: FaceApiDetectorOptions = {}): FaceDetector {
  const inputSize = opts.inputSize ?? 416;
  const minScore = opts.minScore ?? 0.5;
  // Detection is serialised: tfjs's CPU backend is one synchronous engine per process.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    detect(image: RgbImage, options: DetectOptions = {}): Promise<DetectedFace[]> {
      const run = queue.then(async () => {
        const faceapi = await loadFaceApi();
        const input = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
        try {
          const task = faceapi.detectAllFaces(input, new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: minScore })).withFaceLandmarks();
          const found: Array<FaceApiResult | FaceApiAgeGender> = options.ageGender ? await task.withAgeAndGender() : await task;
          const faces = found.map((f): DetectedFace => {
            const landmarks68 = f.landmarks.positions.map((p) => ({ x: p.x, y: p.y }));
            const b = f.detection.box;
            const face: DetectedFace = { box: { x: b.x, y: b.y, width: b.width, height: b.height }, score: f.detection.score, landmarks68, points: fivePointsFrom68(landmarks68) };
            if ('age' in f) face.ageGender = { age: f.age, male: f.gender === 'male' ? f.genderProbability : 1 - f.genderProbability };
            return face;
          });
          // Largest first: the likely subject leads the list the user picks from.
          return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
        } finally {
          input.dispose();
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
