/**
 * `npm run bench`: ms per stage of the breeding pipeline and children per second,
 * at batch 1 and 16, on the active pack and execution provider. Prints figures;
 * asserts nothing (machines are noisy).
 */
import { StudioService } from '../src/core/studio-service';
import { createFounders, founderZ } from '../src/core/breeding/founders';
import { breed } from '../src/core/breeding/breed-pipeline';
import { tensorToPng } from '../src/core/breeding/image-encode';
import { W_DIM } from '../src/core/breeding/pack-runtime';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => ms.toFixed(1).padStart(8);

async function main(): Promise<void> {
  const service = await StudioService.create({ host: 'cli' });
  try {
    const status = service.status();
    const runtime = service.runtime();
    console.log(`pack: ${runtime.pack.manifest.name} ${runtime.pack.manifest.version} (${runtime.resolution}px)`);
    console.log(`execution provider: ${status.executionProvider}`);
    console.log(`cpu: ${(await import('node:os')).cpus()[0]?.model ?? '?'} × ${(await import('node:os')).cpus().length}`);
    const [father, mother] = await createFounders(runtime, [{ seed: 1 }, { seed: 2 }]);
    // Warm-up: first runs allocate arenas and JIT kernels.
    await breed(runtime, { father: { id: 'f', wplus: father!.wplus }, mother: { id: 'm', wplus: mother!.wplus }, settings: {}, seed: 0, count: 2 });

    console.log(`\nmedian of ${REPEATS} runs, ms per stage for the whole batch (per child in brackets)`);
    console.log('batch   mapping       lge  crossover   decoder  generator  png-encode   children/s');
    for (const batch of [1, 16]) {
      const rows: Record<string, number[]> = { mapping: [], lge: [], crossover: [], decoder: [], generator: [], png: [], total: [] };
      for (let r = 0; r < REPEATS; r++) {
        const z = new Float32Array(batch * W_DIM);
        for (let i = 0; i < batch; i++) z.set(founderZ(100 + i, 0), i * W_DIM);
        let t = performance.now();
        await runtime.mapping(z);
        rows.mapping!.push(performance.now() - t);
        t = performance.now();
        const out = await breed(runtime, {
          father: { id: 'f', wplus: father!.wplus },
          mother: { id: 'm', wplus: mother!.wplus },
          settings: {},
          seed: r,
          count: batch,
        });
        const breedMs = performance.now() - t;
        const t2 = performance.now();
        for (let k = 0; k < batch; k++) await tensorToPng(out.images, k, out.resolution);
        const png = performance.now() - t2;
        rows.lge!.push(out.timings.lge);
        rows.crossover!.push(out.timings.crossover);
        rows.decoder!.push(out.timings.decoder + out.timings.fusion);
        rows.generator!.push(out.timings.generator);
        rows.png!.push(png);
        rows.total!.push(breedMs + png);
      }
      const cell = (k: string): string => `${fmt(median(rows[k]!))}`;
      const perChild = (k: string): string => `(${(median(rows[k]!) / batch).toFixed(1)})`;
      console.log(
        `${String(batch).padStart(5)} ${cell('mapping')}  ${cell('lge')}  ${cell('crossover')} ${cell('decoder')}  ${cell('generator')}  ${cell('png')}  ${((batch * 1000) / median(rows.total!)).toFixed(2).padStart(11)}`,
      );
      console.log(`      ${['mapping', 'lge', 'crossover', 'decoder', 'generator', 'png'].map(perChild).join(' ')}`);
    }
    console.log(`\npeak RSS (main + inference worker): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    await service.dispose();
  }
}

main().catch((e: Error) => {
  console.error(`benchmark failed: ${e.message}`);
  process.exit(1);
});
