/**
 * Crossover helper thread entry (src/core/breeding/crossover-helpers.ts): fills its share
 * of a chunk's regions into the shared genes and says when it is done.
 */
import { parentPort } from 'node:worker_threads';
import { CrossoverPartSchema, type CrossoverHelperReply } from '../inference/messages';
import { crossChildrenPart } from './crossover-batch';

function post(msg: CrossoverHelperReply): void {
  parentPort!.postMessage(msg);
}

parentPort!.on('message', (raw: unknown) => {
  const parsed = CrossoverPartSchema.safeParse(raw);
  if (!parsed.success) return;
  const { id, req, genes, part, parts } = parsed.data;
  try {
    crossChildrenPart(req, genes, part, parts);
    post({ type: 'done', id });
  } catch (e) {
    post({ type: 'error', id, message: (e as Error).message });
  }
});
post({ type: 'ready' });
