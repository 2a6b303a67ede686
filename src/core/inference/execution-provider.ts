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
