/** Shared helpers for CLI commands: one service per run, number parsing, progress lines. */
import { StudioService } from '../core/studio-service';
import { InputError } from '../domain/errors';

export async function withService<T>(lazyPack: boolean, fn: (s: StudioService) => Promise<T>): Promise<T> {
  const service = await StudioService.create({ host: 'cli', lazyPack });
  try {
    return await fn(service);
  } finally {
    await service.dispose();
  }
}

export function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
    return n;
  };
}

export function numberOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InputError(`--${name} must be a number, got '${value}'`);
    return n;
  };
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A one-line progress display on a terminal; plain lines elsewhere. */
export function progressPrinter(label: string): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${done}/${total} (${pct}%)${done === total ? '\n' : ''}`);
    else if (done === total) process.stderr.write(`${label}: ${done}/${total}\n`);
  };
}

/** Ctrl-C cancels the running job cleanly instead of killing mid-write. */
export function cancelOnSigint(): AbortController {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ncancelling…\n');
    controller.abort();
  });
  return controller;
}
