/** The app:// handler against real files in a temporary folder, including a planted symlink. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppFile } from '../../../src/main/app-protocol';

const base = mkdtempSync(join(tmpdir(), 'kinship-app-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>studio</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'SECRET');
symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handle = createAppProtocolHandler(root);
const get = (url: string): Promise<Response> => handle(new Request(url));

describe('app:// protocol handler', () => {
  it('serves the renderer files with a content type and the CSP', async () => {
    const res = await get('app://studio/assets/app.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await (await get('app://studio/')).text()).toMatch(/<title>studio/);
  });

  it('refuses every spelling of a path out of the folder', async () => {
    for (const url of [
      'app://studio/..%2fsecret.txt',
      'app://studio/%2e%2e%2fsecret.txt',
      'app://studio/%2e%2e/secret.txt',
      'app://studio/assets/..%2f..%2fsecret.txt',
      'app://studio/..%5csecret.txt',
      'app://studio/%2F..%2Fsecret.txt',
      `app://studio/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://studio/index.html%00.js',
      'app://studio/%E0%A4%A',
    ]) {
      // Refused (or kept inside the folder) by the lexical check already, before the real-path check behind it.
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(join(root, '/')), `${url} -> ${file}`).toBe(true);
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('SECRET');
    }
  });

  it('does not follow a symlink inside the folder that points out of it', async () => {
    const res = await get('app://studio/assets/link.txt');
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('answers only its own host and only GET or HEAD', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await handle(new Request('app://studio/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppFile(root, 'app://studio/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
  });
});
