/**
 * Reads a pack folder: manifest validation and file presence, the external-data files the
 * graphs keep their weights in included (the generator's `generator.weights`). Graph shapes
 * are checked later by the inference worker when it opens each session
 * (see graph-check.ts), because only onnxruntime knows them.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { externalDataFiles, OnnxScanError } from '../onnx/external-data-refs';
import { PackManifestSchema, expectedGraphIo, formatZodIssues, MODEL_ROLES, type GraphSpec, type ModelRole, type PackManifest } from './manifest';
import { PackError } from './pack-error';

export interface PackInfo {
  folder: string;
  manifest: PackManifest;
  /** Absolute paths of the graphs the manifest names. */
  files: Partial<Record<ModelRole, string>>;
  /** The float16 variant of the same graphs (manifest `filesFloat16`), for GPU providers; absent if none. */
  filesFloat16?: Partial<Record<ModelRole, string>>;
}

export function readPack(folderIn: string): PackInfo {
  const folder = resolve(folderIn);
  const manifestPath = join(folder, 'manifest.json');
  let raw: string;
  try {
    raw = readFileSync(manifestPath, 'utf8');
  } catch {
    throw new PackError(folder, 'manifest.json', 'file is missing or unreadable');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new PackError(folder, 'manifest.json', `is not valid JSON (${(e as Error).message})`);
  }
  const parsed = PackManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new PackError(folder, 'manifest.json', `does not validate: ${formatZodIssues(parsed.error)}`);
  }
  const manifest = parsed.data;
  const resolveFiles = (named: Partial<Record<ModelRole, string>>, what: string): Partial<Record<ModelRole, string>> => {
    const files: Partial<Record<ModelRole, string>> = {};
    for (const role of MODEL_ROLES) {
      const name = named[role];
      if (!name) continue;
      const path = join(folder, name);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        throw new PackError(folder, name, `file is missing (the manifest names it as the ${what}${role} graph)`);
      }
      if (size < 16) throw new PackError(folder, name, `file is empty or truncated (${size} bytes)`);
      checkWeightsFiles(folder, name, path);
      files[role] = path;
    }
    return files;
  };
  const files = resolveFiles(manifest.files, '');
  const f16 = manifest.filesFloat16;
  if (!f16) return { folder, manifest, files };
  // A variant opened instead of `files` must have every graph they have (no mixing of types).
  const missing = MODEL_ROLES.filter((r) => manifest.files[r] && !f16[r]);
  if (missing.length) throw new PackError(folder, 'manifest.json', `filesFloat16 lacks the ${missing.join(', ')} graph(s) that files names`);
  return { folder, manifest, files, filesFloat16: resolveFiles(f16, 'float16 ') };
}

/**
 * Every external-data file the graph names must be in the pack and long enough, checked here
 * so the pack is listed with the file to fix: onnxruntime only fails when the session opens,
 * and for a short file with "External initializer: c_153 offset: … are out of bounds", no file name.
 * A graph that cannot be walked is left to onnxruntime, whose error names the graph.
 */
function checkWeightsFiles(folder: string, name: string, path: string): void {
  let weights: ReturnType<typeof externalDataFiles>;
  try {
    weights = externalDataFiles(path);
  } catch (e) {
    if (e instanceof OnnxScanError) return;
    throw e;
  }
  for (const { problem, path: weightsPath, tensors } of weights) {
    if (problem?.of === 'weights') throw new PackError(folder, relative(folder, weightsPath), `${problem.message} (${name} keeps ${tensors} of its weights there; reinstall the pack)`);
    if (problem) throw new PackError(folder, name, problem.message);
  }
}

/** The expected inputs/outputs of every graph the pack has, for the inference worker's checks. */
export function packGraphSpecs(info: PackInfo): Partial<Record<ModelRole, GraphSpec>> {
  const specs: Partial<Record<ModelRole, GraphSpec>> = {};
  for (const role of MODEL_ROLES) if (info.files[role]) specs[role] = expectedGraphIo(role, info.manifest);
  return specs;
}
