/**
 * `packs install stylegene`: from a folder through the CLI, and downloaded from a loopback
 * HTTP server (standing in for Hugging Face) with an interrupted download that resumes
 * with a Range request, a truncated file, a cancelled install, and a full disk. Random-
 * weight checkpoints in the official layouts come from CI's Python (make_random.py); the
 * install itself runs no Python. SHA-256s are checked against coreutils' sha256sum.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../tools/convert/python';
import { installStyleGene } from '../../../src/core/stylegene/install';
import { PackManifestSchema } from '../../../src/core/packs/manifest';

const python = findPython();
if (!python) console.warn('skipping StyleGene install tests: CI-provided /usr/bin/python3 with torch is needed to make the random checkpoints');

const FILES = ['stylegan2-ffhq-config-f.pt', 'stylegene_N18.ckpt'];
let root: string;
let ck: string;
let server: Server;
let base: string;
/** Per file: cut the next response after this many bytes (then forget). */
const cutNext = new Map<string, number>();
const rangeRequests: string[] = [];

function sha256sum(path: string): string {
  return spawnSync('sha256sum', [path], { encoding: 'utf8' }).stdout.split(' ')[0]!;
}

function leftovers(dataDir: string): string[] {
  const d = join(dataDir, 'downloads');
  return existsSync(d) ? readdirSync(d).filter((n) => n.startsWith('.staging')) : [];
}

describe.skipIf(!python)('StyleGene install', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'kinship-install-'));
    ck = join(root, 'ck');
    const mk = spawnSync(python!, ['tools/convert/make_random.py', '--out', ck, '--resolution', '32', '--no-e4e', '--no-fairface'], { encoding: 'utf8' });
    if (mk.status !== 0) throw new Error(mk.stderr);
    server = createServer((req, res) => {
      const name = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const path = join(ck, name);
      if (!FILES.includes(name) || !existsSync(path)) {
        res.writeHead(404).end();
        return;
      }
      const size = statSync(path).size;
      const m = /bytes=(\d+)-/.exec(req.headers.range ?? '');
      const start = m ? Number(m[1]) : 0;
      if (m) rangeRequests.push(`${name}@${start}`);
      const headers = { 'content-length': String(size - start), 'accept-ranges': 'bytes', ...(m ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}) };
      res.writeHead(m ? 206 : 200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const data = readFileSync(path).subarray(start);
      const cut = cutNext.get(name);
      if (cut !== undefined) {
        cutNext.delete(name);
        res.write(data.subarray(0, cut), () => res.destroy());
        return;
      }
      res.end(data);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/resolve/main`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('installs from a folder through the CLI, records size and SHA-256 of each file, activates the pack', () => {
    const dataDir = join(root, 'cli-data');
    const env = { ...process.env, KINSHIP_DATA_DIR: dataDir };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'packs', 'install', 'stylegene', '--from', ck], { env, encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("installed 'StyleGene FFHQ (32x32)'");
    expect(r.stdout).toContain('active pack: stylegene-ffhq');
    const m = PackManifestSchema.parse(JSON.parse(readFileSync(join(dataDir, 'packs', 'stylegene-ffhq', 'manifest.json'), 'utf8')));
    expect(m.source).toEqual(FILES.map((f) => ({ file: f, size: statSync(join(ck, f)).size, sha256: sha256sum(join(ck, f)) })));
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).activePackId).toBe('stylegene-ffhq');
    const list = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'packs'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(list.stdout).toMatch(/stylegene-ffhq\tStyleGene FFHQ \(32x32\)/);
    expect(leftovers(dataDir)).toEqual([]);
  }, 300_000);

  it('shows the licence terms and downloads nothing without --accept-license', () => {
    const dataDir = join(root, 'lic-data');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'packs', 'install', 'stylegene', '--download', '--url', base, '--required-only'], {
      env: { ...process.env, KINSHIP_DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/Licence terms of the StyleGene weights:[\s\S]*NVIDIA Source Code License-NC[\s\S]*--accept-license/);
    expect(existsSync(join(dataDir, 'downloads'))).toBe(false);
  }, 120_000);

  it('resumes an interrupted download with a Range request, then converts and installs', async () => {
    const dataDir = join(root, 'dl-data');
    const half = Math.floor(statSync(join(ck, 'stylegene_N18.ckpt')).size / 2);
    cutNext.set('stylegene_N18.ckpt', half);
    await expect(installStyleGene({ dataDir, downloadBase: base, optional: false })).rejects.toThrow(/^stylegene_N18\.ckpt: download (interrupted|ended early).*resume/);
    const part = join(dataDir, 'downloads', 'stylegene', 'stylegene_N18.ckpt.part');
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(half);
    expect(existsSync(join(dataDir, 'packs', 'stylegene-ffhq'))).toBe(false);
    const phases = new Set<string>();
    const r = await installStyleGene({ dataDir, downloadBase: base, optional: false, onProgress: (p) => phases.add(p.phase) });
    expect(rangeRequests).toContain(`stylegene_N18.ckpt@${kept}`);
    for (const f of FILES) expect(readFileSync(join(dataDir, 'downloads', 'stylegene', f)).equals(readFileSync(join(ck, f)))).toBe(true);
    expect(r.manifest.source?.map((s) => s.sha256)).toEqual(FILES.map((f) => sha256sum(join(ck, f))));
    expect([...phases]).toEqual(expect.arrayContaining(['checking', 'downloading', 'hashing', 'converting', 'done']));
    expect(existsSync(join(r.packDir, 'generator.onnx'))).toBe(true);
  }, 300_000);

  it('a truncated checkpoint is named; a cancelled install and a full disk leave nothing half-written', async () => {
    const dataDir = join(root, 'err-data');
    const bad = join(root, 'bad');
    mkdirSync(bad);
    copyFileSync(join(ck, 'stylegan2-ffhq-config-f.pt'), join(bad, 'stylegan2-ffhq-config-f.pt'));
    const full = readFileSync(join(ck, 'stylegene_N18.ckpt'));
    writeFileSync(join(bad, 'stylegene_N18.ckpt'), full.subarray(0, full.length - 1000));
    await expect(installStyleGene({ dataDir, from: bad })).rejects.toThrow(/^stylegene_N18\.ckpt: .*(truncated|not a complete zip)/);

    const controller = new AbortController();
    await expect(
      installStyleGene({ dataDir, from: ck, signal: controller.signal, onProgress: (p) => p.phase === 'converting' && p.message.includes('generator') && controller.abort() }),
    ).rejects.toThrow(/cancel|abort/i);

    await expect(installStyleGene({ dataDir, from: ck, freeBytes: () => 1e6 })).rejects.toThrow(/not enough disk space in .*packs: the pack needs up to 0\.30 GiB, 0\.00 GiB are free/);
    await expect(installStyleGene({ dataDir: join(root, 'dl-full'), downloadBase: base, optional: false, freeBytes: () => 1e6 })).rejects.toThrow(/not enough disk space/);
    expect(existsSync(join(root, 'dl-full', 'downloads', 'stylegene', 'stylegan2-ffhq-config-f.pt.part'))).toBe(false);

    const missing = join(root, 'missing');
    mkdirSync(missing);
    await expect(installStyleGene({ dataDir, from: missing })).rejects.toThrow(/^stylegan2-ffhq-config-f\.pt: file not found/);
    expect(existsSync(join(dataDir, 'packs', 'stylegene-ffhq'))).toBe(false);
    expect(readdirSync(join(dataDir, 'packs'))).toEqual([]);
    expect(leftovers(dataDir)).toEqual([]);
  }, 300_000);
});
