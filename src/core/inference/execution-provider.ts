/** Which execution providers to try, per platform (docs/stylegene-pack.md); CPU is always last. */
import type { ExecutionProvider } from '../../shared/api';

export function preferredProviders(
  platform: NodeJS.Platform,
  override?: string,
): ExecutionProvider[] {
  // KINSHIP_EP lets a user force a provider (e.g. 'cpu' on a flaky GPU driver).
  if (override === 'cpu' || override === 'cuda' || override === 'dml' || override === 'coreml') {
    return override === 'cpu' ? ['cpu'] : [override, 'cpu'];
  }
  switch (platform) {
    case 'linux':
      return ['cuda', 'cpu'];
    case 'win32':
      return ['dml', 'cpu'];
    case 'darwin':
      return ['coreml', 'cpu'];
    default:
      return ['cpu'];
  }
}

/** Providers that open a pack's float16 variant (manifest `filesFloat16`) when it has one. */
export const HALF_PRECISION_PROVIDERS: readonly ExecutionProvider[] = ['cuda'];

export interface PackFilesForOpen<F> {
  files: F;
  filesFloat16?: F;
  dtype: 'float32' | 'float16';
}

/** One way to open a pack: which graphs, their tensor type, which providers to try. */
export interface OpenPlan<F> {
  files: F;
  dtype: 'float32' | 'float16';
  providers: ExecutionProvider[];
}

/**
 * The ways to open a pack, best first: its float16 variant on a GPU provider that takes
 * it (half the memory traffic, tensor cores), then the float32 graphs on every provider.
 * The CPU provider never gets the float16 graphs: onnxruntime computes most of them in
 * float32 there anyway (it inserts casts around nodes without float16 CPU kernels).
 */
export function openPlans<F>(pack: PackFilesForOpen<F>, providers: readonly ExecutionProvider[]): OpenPlan<F>[] {
  const half = providers.filter((p) => HALF_PRECISION_PROVIDERS.includes(p));
  const plans: OpenPlan<F>[] = [];
  if (pack.filesFloat16 && half.length) plans.push({ files: pack.filesFloat16, dtype: 'float16', providers: half });
  plans.push({ files: pack.files, dtype: pack.dtype, providers: [...providers] });
  return plans;
}
