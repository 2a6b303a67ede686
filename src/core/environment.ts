/**
 * What parts of the install are missing, said in words a user can act on.
 * The install deliberately skips downloads that fail offline (Electron binary,
 * onnxruntime's CUDA libraries), so the app must report them instead of crashing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MissingPart } from '../shared/api';

export function electronBinaryPath(appRoot: string): string | null {
  const pkg = join(appRoot, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const full = join(pkg, 'dist', rel);
    return existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

export function cudaProviderInstalled(appRoot: string): boolean {
  const dir = join(appRoot, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', process.platform, process.arch);
  return existsSync(join(dir, 'libonnxruntime_providers_cuda.so'));
}

export function detectMissingParts(appRoot: string, host: 'electron' | 'web' | 'cli'): MissingPart[] {
  const missing: MissingPart[] = [];
  if (host !== 'electron' && !electronBinaryPath(appRoot)) {
    missing.push({
      part: 'electron',
      message:
        'The Electron binary is not installed (it is a separate download that was skipped or failed). ' +
        'The studio runs in the browser through the web host; run `npm run fetch-electron` on a machine with internet for the desktop window.',
    });
  }
  if (process.platform === 'linux' && process.arch === 'x64' && !cudaProviderInstalled(appRoot)) {
    missing.push({
      part: 'onnxruntime-gpu',
      message:
        "onnxruntime's CUDA libraries are not installed, so inference runs on the CPU. " +
        'With an NVIDIA GPU and internet, run `npm run fetch-gpu`.',
    });
  }
  return missing;
}
