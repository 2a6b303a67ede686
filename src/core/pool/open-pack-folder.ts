/**
 * A PackRuntime straight from a pack folder, without the StudioService: for the
 * pool benchmark, the resumption child process and tests (CPU, one engine each).
 */
import { PackRuntime } from '../breeding/pack-runtime';
import { InferenceEngine } from '../inference/inference-engine';
import { packGraphSpecs, readPack } from '../packs/pack-loader';
import { LAZY_GRAPHS } from '../inference/session-options';

export async function openPackFolder(dir: string, maxBatch = 64): Promise<{ runtime: PackRuntime; dispose: () => Promise<void> }> {
  const info = readPack(dir);
  const engine = new InferenceEngine();
  await engine.openPack({ packKey: info.manifest.id, files: info.files, specs: packGraphSpecs(info), dtype: info.manifest.dtype, providers: ['cpu'], ...LAZY_GRAPHS });
  return { runtime: new PackRuntime(engine, info, maxBatch), dispose: () => engine.dispose() };
}
