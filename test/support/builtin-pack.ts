/**
 * The built-in pack, built once per test run into a shared temp folder laid out
 * like the app's resources (resources/models/builtin), plus an opened runtime.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBuiltinPack } from '../../tools/builtin-pack/build';
import type { InferenceEngine } from '../../src/core/inference/inference-engine';
import type { PackRuntime } from '../../src/core/breeding/pack-runtime';
import { openPackFolder } from '../../src/core/pool/open-pack-folder';

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
  const { runtime } = await openPackFolder(join(resources, 'models', 'builtin'), maxBatch);
  return { runtime, engine: runtime.engine, resources };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
