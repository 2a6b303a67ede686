/**
 * Resumable HTTP downloads of the checkpoint files.
 *
 * A file is written as `<name>.part` and renamed to `<name>` only when it has every byte
 * the server announced; an interrupted or cancelled download keeps its `.part`, and the
 * next run asks for the rest with an HTTP Range request (a server that ignores Range
 * sends the whole file again, which is detected and handled).
 */
import { createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../checkpoints/checkpoint-error';

export interface RemoteFile {
  name: string;
  url: string;
}

/** Bytes the server will send for the whole file (HEAD, else a 1-byte Range GET). */
export async function remoteSize(f: RemoteFile, signal?: AbortSignal): Promise<number> {
  let res: Response;
  try {
    res = await fetch(f.url, { method: 'HEAD', redirect: 'follow', signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new CheckpointError(f.name, `cannot be reached at ${f.url} (${(e as Error).message})`);
  }
  if (res.status === 404) throw new CheckpointError(f.name, `is not at ${f.url} (HTTP 404)`);
  if (!res.ok) throw new CheckpointError(f.name, `download refused by the server (HTTP ${res.status} for ${f.url})`);
  const len = Number(res.headers.get('content-length'));
  if (!Number.isFinite(len) || len <= 0) throw new CheckpointError(f.name, `the server does not say how large it is (${f.url})`);
  return len;
}

export interface DownloadProgress {
  file: string;
  /** Bytes of this file on disk so far. */
  bytes: number;
  total: number;
}

/** Downloads `f` into `dir`, resuming a `.part` left by an earlier run. Returns the final path. */
export async function downloadFile(f: RemoteFile, dir: string, total: number, opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {}): Promise<string> {
  const dest = join(dir, f.name);
  if (existsSync(dest) && statSync(dest).size === total) return dest;
  const part = `${dest}.part`;
  let have = existsSync(part) ? statSync(part).size : 0;
  if (have > total) {
    unlinkSync(part);
    have = 0;
  }
  if (have < total) {
    const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
    let res: Response;
    try {
      res = await fetch(f.url, { headers, redirect: 'follow', signal: opts.signal });
    } catch (e) {
      if (opts.signal?.aborted) throw e;
      throw new CheckpointError(f.name, `download failed (${(e as Error).message}); run the install again to resume`);
    }
    if (!res.ok || !res.body) throw new CheckpointError(f.name, `download refused by the server (HTTP ${res.status} for ${f.url})`);
    let append = have > 0 && res.status === 206;
    if (have > 0 && res.status === 206) {
      const range = /bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== have) append = false;
    }
    if (!append) have = 0; // the server sends the whole file: start over
    const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
    const written = new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
    let bytes = have;
    let lastReport = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (bytes + chunk.length > total) throw new CheckpointError(f.name, `the server sent more than the ${total} bytes it announced`);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        bytes += chunk.length;
        const now = Date.now();
        if (now - lastReport > 100) {
          lastReport = now;
          opts.onProgress?.({ file: f.name, bytes, total });
        }
      }
    } catch (e) {
      out.end();
      await written.catch(() => {});
      if (opts.signal?.aborted) throw e;
      if (e instanceof CheckpointError) throw e;
      throw new CheckpointError(f.name, `download interrupted at ${bytes} of ${total} bytes (${(e as Error).message}); run the install again to resume`);
    }
    out.end();
    await written;
    if (bytes < total) throw new CheckpointError(f.name, `download ended early: ${bytes} of ${total} bytes; run the install again to resume`);
  }
  opts.onProgress?.({ file: f.name, bytes: total, total });
  renameSync(part, dest);
  return dest;
}
