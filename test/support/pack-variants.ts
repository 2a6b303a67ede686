/**
 * A converted pack's float32 graphs and its fp16/ variant, each opened by the studio's own
 * worker (InferenceEngine) on the CPU and wrapped in a PackRuntime, then disposed: the
 * shared-weights and fp16 pack tests run the same work on both and compare.
 */
import { InferenceEngine } from '../../src/core/inference/inference-engine';
import { PackRuntime } from '../../src/core/breeding/pack-runtime';
import { packGraphSpecs, type PackInfo } from '../../src/core/packs/pack-loader';

export type VariantDtype = 'float32' | 'float16';

/** `work` on the float32 runtime, then on the float16 one; their results by dtype. */
export async function onBothVariants<T>(info: PackInfo, work: (runtime: PackRuntime, dtype: VariantDtype) => Promise<T>): Promise<Record<VariantDtype, T>> {
  const out = {} as Record<VariantDtype, T>;
  for (const [files, dtype] of [
    [info.files, 'float32'],
    [info.filesFloat16!, 'float16'],
  ] as const) {
    const engine = new InferenceEngine();
    try {
      // The CPU stands in for the GPU provider: same worker path, float16 tensors in and out.
      await engine.openPack({ packKey: info.manifest.id, files, specs: packGraphSpecs(info), dtype, providers: ['cpu'] });
      out[dtype] = await work(new PackRuntime(engine, info, 8), dtype);
    } finally {
      await engine.dispose();
    }
  }
  return out;
}
