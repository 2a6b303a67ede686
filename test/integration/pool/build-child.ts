/**
 * Child process for the resumption test: builds a random pool and prints one line
 * per committed batch, pausing a little after each so the parent can SIGKILL it
 * mid-build. Usage: node --import tsx build-child.ts <packDir> <pool> <count> <seed> <batch>
 */
import { buildRandomPool } from '../../../src/core/pool/build-random';
import { openPackFolder } from '../../../src/core/pool/open-pack-folder';
import { packFingerprint } from '../../../src/core/pool/pack-fingerprint';
import { PoolIndex } from '../../../src/core/pool/pool-index';

const [packDir, poolPath, count, seed, batch] = process.argv.slice(2);
const { runtime, dispose } = await openPackFolder(packDir!);
const index = PoolIndex.open(poolPath!, await packFingerprint(runtime.pack));
const pause = new Int32Array(new SharedArrayBuffer(4));
await buildRandomPool(index, runtime, { count: Number(count), seed: Number(seed) }, {
  batchSize: Number(batch),
  onProgress: (p) => {
    process.stdout.write(`committed ${p.done}\n`);
    Atomics.wait(pause, 0, 0, 40); // synchronous sleep: the parent's kill lands between batches or inside one
  },
});
process.stdout.write('finished\n');
index.close();
await dispose();
