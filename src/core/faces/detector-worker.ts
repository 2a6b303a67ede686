/** Worker-thread entry: face detection (tfjs on the CPU, seconds per photo) off the host's main loop. */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { faceApiDetector } from './detector';

const RequestSchema = z.object({
  id: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  data: z.instanceof(Uint8Array),
  ageGender: z.boolean().optional(),
});

const detector = faceApiDetector();

parentPort!.on('message', (raw: unknown) => {
  const parsed = RequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = typeof raw === 'object' && raw && 'id' in raw && typeof raw.id === 'number' ? raw.id : -1;
    parentPort!.postMessage({ id, ok: false, message: 'malformed face-detection request' });
    return;
  }
  const { id, width, height, data, ageGender } = parsed.data;
  if (data.length !== width * height * 3) {
    parentPort!.postMessage({ id, ok: false, message: `image data has ${data.length} bytes, expected ${width * height * 3}` });
    return;
  }
  detector.detect({ width, height, data }, { ageGender }).then(
    (faces) => parentPort!.postMessage({ id, ok: true, faces }),
    (e: Error) => parentPort!.postMessage({ id, ok: false, message: e.message }),
  );
});
