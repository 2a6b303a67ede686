/**
 * The built-in pack, built once per test run into a shared temp folder laid out
 * like the app's resources (resources/models/builtin), plus an opened runtime.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBuiltinPack } from '../../tools/builtin-pack/build';
import { InferenceEngine } from '../../src/core/inference/inference-engine';
import { readPack } from '../../src/core/packs/pack-loader';
import { expectedGraphIo, MODEL_ROLES, type GraphSpec, type ModelRole } from '../../src/core/packs/manifest';
import { PackRuntime } from '../../src/core/breeding/pack-runtime';

/** A resources folder holding models/builtin; reused across test files in one run. */
export async function builtinResources(): Promise<string> {
  const root = process.env.KINSHIP_TEST_RESOURCES ?? join(tmpdir(), `kinship-test-resources-${process.ppid}`);
  const dir = join(root, 'models', 'builtin');
  if (!existsSync(join(dir, 'manifest.json'))) {
    mkdirSync(dir, { recursive: true });
    await buildBuiltinPack(dir);
  }
  return root;
}

export async function openBuiltinRuntime(maxBatch = 16): Promise<{ runtime: PackRuntime; engine: InferenceEngine; resources: string }> {
  const resources = await builtinResources();
  const info = readPack(join(resources, 'models', 'builtin'));
  const specs: Partial<Record<ModelRole, GraphSpec>> = {};
  for (const role of MODEL_ROLES) if (info.files[role]) specs[role] = expectedGraphIo(role, info.manifest);
  const engine = new InferenceEngine();
  await engine.openPack({ packKey: info.manifest.id, files: info.files, specs, dtype: info.manifest.dtype, providers: ['cpu'] });
  return { runtime: new PackRuntime(engine, info, maxBatch), engine, resources };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
