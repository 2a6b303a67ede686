/**
 * Face boxes and 68 landmarks with face-api's tiny face detector and landmark net.
 * The tiny detector (not SSD MobileNet) because tfjs's pure-JS CPU backend runs it in
 * about 2 s per photo here against about 17 s for SSD.
 *
 * When the first pass finds no face, smaller input sizes are tried before the answer is
 * "no face": the tiny detector's score for one face swings with the scale it sees it at
 * (a built-in child's face scored 0.40 at 416 and 0.69 at 320), so one scale misses faces
 * another finds. Every extra scale is also another chance of a false face (a retina
 * photograph, no face at 416, scores 0.85 at 384), so the retries use scales checked on
 * faceless photographs and a higher score than the first pass: an image without a face
 * still has none (test/integration/faces/detector-retry.test.ts; docs/ARCHITECTURE.md,
 * "Photo import").
 */
import { loadFaceApi } from './face-api-runtime';
import { fivePointsFrom68 } from './landmarks';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from './types';
import type { FaceApiResult, FaceApiAgeGender } from './face-api-runtime';

export interface FaceApiDetectorOptions {
  /** The detector's square input (a multiple of 32); larger finds smaller faces, slower. */
  inputSize?: number;
  minScore?: number;
  /** Input sizes tried in turn while no face has been found, each at retryMinScore. */
  retrySizes?: readonly number[];
  retryMinScore?: number;
}

const RETRY_SIZES = [320, 224, 160] as const;

export function faceApiDetector(opts: FaceApiDetectorOptions = {}): FaceDetector {
  const minScore = opts.minScore ?? 0.5;
  const passes = [
    { inputSize: opts.inputSize ?? 416, scoreThreshold: minScore },
    ...(opts.retrySizes ?? RETRY_SIZES).map((inputSize) => ({ inputSize, scoreThreshold: Math.max(minScore, opts.retryMinScore ?? 0.6) })),
  ];
  // Detection is serialised: tfjs's CPU backend is one synchronous engine per process.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    detect(image: RgbImage, options: DetectOptions = {}): Promise<DetectedFace[]> {
      const run = queue.then(async () => {
        const faceapi = await loadFaceApi();
        const input = faceapi.tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
        try {
          let found: Array<FaceApiResult | FaceApiAgeGender> = [];
          for (const pass of passes) {
            const task = faceapi.detectAllFaces(input, new faceapi.TinyFaceDetectorOptions(pass)).withFaceLandmarks();
            found = options.ageGender ? await task.withAgeAndGender() : await task;
            if (found.length > 0) break;
          }
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
