/**
 * Loads @vladmandic/face-api (TensorFlow.js bundled inside, model weights shipped in
 * the package's model/ folder) for Node without a DOM, a GPU or a download.
 *
 * Why this odd loading: the package's Node entry needs @tensorflow/tfjs-node, whose
 * install downloads libtensorflow (impossible offline); its ESM browser bundle sees
 * `process` and picks a Node platform whose `util` import is stubbed out in that
 * bundle. So we evaluate the self-contained IIFE build with `process` shadowed to
 * undefined (tfjs then sets no platform), give tfjs a tiny platform of our own, use
 * the pure-JS 'cpu' backend and feed it tensors, never images or canvases.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The slice of face-api we use (its own .d.ts describes the ESM build, not this one). */
export interface FaceApiPoint { x: number; y: number }
export interface FaceApiResult {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: FaceApiPoint[] };
}
/** With face-api's age and gender net (years; 'male' | 'female' and its probability). */
export interface FaceApiAgeGender extends FaceApiResult {
  age: number;
  gender: string;
  genderProbability: number;
}
interface Tensor { dispose(): void }
interface Tf {
  setPlatform(name: string, platform: unknown): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor3d(values: Uint8Array | Int32Array, shape: [number, number, number], dtype: 'int32'): Tensor;
  io: { decodeWeights(buffer: ArrayBuffer, specs: unknown[]): Record<string, Tensor> };
}
interface Net { loadFromWeightMap(map: Record<string, Tensor>): Promise<void> | void }
interface LandmarkTask extends PromiseLike<FaceApiResult[]> { withAgeAndGender(): PromiseLike<FaceApiAgeGender[]> }
interface DetectTask extends PromiseLike<unknown> { withFaceLandmarks(): LandmarkTask }
export interface FaceApi {
  tf: Tf;
  env: { setEnv(env: Record<string, unknown>): void };
  nets: { tinyFaceDetector: Net; faceLandmark68Net: Net; ageGenderNet: Net };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: Tensor, options: unknown): DetectTask;
}

const requireHere = createRequire(import.meta.url);

/** The package folder (its model/ folder holds the weights). */
export function faceApiDir(): string {
  return dirname(requireHere.resolve('@vladmandic/face-api/package.json'));
}

let loading: Promise<FaceApi> | null = null;

/** One shared instance per process: loading parses 1.3 MB of JS and 0.9 MB of weights. */
export function loadFaceApi(): Promise<FaceApi> {
  loading ??= load().catch((e: unknown) => {
    loading = null;
    throw new Error(`the face detector (@vladmandic/face-api) could not start: ${(e as Error).message}`);
  });
  return loading;
}

async function load(): Promise<FaceApi> {
  const dir = faceApiDir();
  const source = readFileSync(join(dir, 'dist', 'face-api.js'), 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a local, packaged file (see the header)
  const faceapi = new Function('process', 'window', 'self', 'global', `${source}\n;return faceapi;`)(undefined, undefined, undefined, globalThis) as FaceApi;
  const tf = faceapi.tf;
  tf.setPlatform('kinship-node', {
    fetch: async () => {
      throw new Error('the face detector never fetches anything');
    },
    now: () => performance.now(),
    encode: (s: string) => new TextEncoder().encode(s),
    decode: (b: Uint8Array, enc: string) => new TextDecoder(enc).decode(b),
    isTypedArray: (a: unknown) => ArrayBuffer.isView(a) && !(a instanceof DataView),
    setTimeoutCustom: (f: () => void, ms: number) => setTimeout(f, ms),
  });
  await tf.setBackend('cpu');
  await tf.ready();
  // face-api asks its environment for canvases only when given DOM media; we give tensors.
  const noDom = () => {
    throw new Error('no DOM in the service layer: pass tensors');
  };
  const NoDom = class {
    constructor() {
      noDom();
    }
  };
  faceapi.env.setEnv({
    Canvas: NoDom, CanvasRenderingContext2D: NoDom, Image: NoDom, ImageData: NoDom, Video: NoDom,
    createCanvasElement: noDom, createImageElement: noDom, createVideoElement: noDom, fetch: noDom, readFile: noDom,
  });
  loadWeights(faceapi, faceapi.nets.tinyFaceDetector, join(dir, 'model', 'tiny_face_detector_model'));
  loadWeights(faceapi, faceapi.nets.faceLandmark68Net, join(dir, 'model', 'face_landmark_68_model'));
  // Age and gender (0.4 MB): the built-in pack's photo encoder asks for them (face-features.ts).
  loadWeights(faceapi, faceapi.nets.ageGenderNet, join(dir, 'model', 'age_gender_model'));
  return faceapi;
}

function loadWeights(faceapi: FaceApi, net: Net, base: string): void {
  const manifest = JSON.parse(readFileSync(`${base}-weights_manifest.json`, 'utf8')) as { paths: string[]; weights: unknown[] }[];
  const bins = manifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dirname(base), p))));
  const all = Buffer.concat(bins);
  const buffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  void net.loadFromWeightMap(faceapi.tf.io.decodeWeights(buffer, manifest.flatMap((g) => g.weights)));
}
