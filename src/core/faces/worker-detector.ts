/**
 * A FaceDetector that runs face-api in a worker thread (started on first use and
 * kept), so a detection never stalls the Electron main loop or the web host.
 */
import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { startWorker } from '../workers/worker-entry';
import type { DetectedFace, DetectOptions, FaceDetector, RgbImage } from './types';

const PointSchema = z.object({ x: z.number(), y: z.number() });
const ResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    id: z.number(),
    ok: z.literal(true),
    faces: z.array(
      z.object({
        box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
        score: z.number(),
        points: z.object({ leftEye: PointSchema, rightEye: PointSchema, nose: PointSchema, mouthLeft: PointSchema, mouthRight: PointSchema }),
        landmarks68: z.array(PointSchema).nullable(),
        ageGender: z.object({ age: z.number(), male: z.number() }).optional(),
      }),
    ),
  }),
  z.object({ id: z.number(), ok: z.literal(false), message: z.string() }),
]);

export class WorkerFaceDetector implements FaceDetector {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (f: DetectedFace[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly entry: string) {}

  detect(image: RgbImage, options: DetectOptions = {}): Promise<DetectedFace[]> {
    const w = this.ensure();
    const id = this.nextId++;
    w.ref(); // a pending detection keeps the process alive
    return new Promise<DetectedFace[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, width: image.width, height: image.height, data: image.data, ageGender: !!options.ageGender });
    }).finally(() => {
      // Idle between imports must not keep a CLI or test process alive.
      if (this.pending.size === 0 && this.worker === w) w.unref();
    });
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('face detector closed'));
    if (w) await w.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(this.entry);
    w.on('message', (raw: unknown) => {
      const parsed = ResponseSchema.safeParse(raw);
      if (!parsed.success) return;
      const msg = parsed.data;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.faces);
      else p.reject(new Error(msg.message));
    });
    const down = (why: string): void => {
      if (this.worker === w) this.worker = null;
      this.failAll(new Error(`face detector stopped: ${why}`));
    };
    w.on('error', (e) => down(e.message));
    w.on('exit', (code) => down(`exit code ${code}`));
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }
}
