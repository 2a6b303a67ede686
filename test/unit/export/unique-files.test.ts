/**
 * writeUniqueFiles: a name already taken is never overwritten, a set of files (PNG +
 * sidecar) keeps one base name, and two processes racing for the same name in the
 * same instant end up with distinct names and their own contents.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeUniqueFiles } from '../../../src/core/export/unique-files';

const dir = () => mkdtempSync(join(tmpdir(), 'kinship-unique-'));

describe('writeUniqueFiles', () => {
  it('gives a second set of the same stem the next free name', () => {
    const d = dir();
    const first = writeUniqueFiles(d, 'Family person 2026-01-01T00-00-00', [
      { ext: '.png', data: 'png one' },
      { ext: '.json', data: 'json one' },
    ]);
    const second = writeUniqueFiles(d, 'Family person 2026-01-01T00-00-00', [
      { ext: '.png', data: 'png two' },
      { ext: '.json', data: 'json two' },
    ]);
    expect(first).toEqual([join(d, 'Family person 2026-01-01T00-00-00.png'), join(d, 'Family person 2026-01-01T00-00-00.json')]);
    expect(second).toEqual([join(d, 'Family person 2026-01-01T00-00-00 2.png'), join(d, 'Family person 2026-01-01T00-00-00 2.json')]);
    expect(first.map((p) => readFileSync(p, 'utf8'))).toEqual(['png one', 'json one']);
    expect(second.map((p) => readFileSync(p, 'utf8'))).toEqual(['png two', 'json two']);
    expect(readdirSync(d)).toHaveLength(4); // no temporary files left
  });

  it('moves the whole set on when only one of its names is taken, leaving that file alone', () => {
    const d = dir();
    writeFileSync(join(d, 'x.json'), 'someone else');
    const paths = writeUniqueFiles(d, 'x', [
      { ext: '.png', data: 'p' },
      { ext: '.json', data: 'j' },
    ]);
    expect(paths).toEqual([join(d, 'x 2.png'), join(d, 'x 2.json')]);
    expect(readFileSync(join(d, 'x.json'), 'utf8')).toBe('someone else');
    expect(readdirSync(d).sort()).toEqual(['x 2.json', 'x 2.png', 'x.json']);
  });

  it('two processes writing 30 sets each under one stem at the same instant get 60 names', async () => {
    const d = dir();
    const script = join(dir(), 'writer.ts');
    writeFileSync(
      script,
      `import { writeUniqueFiles } from ${JSON.stringify(resolve('src/core/export/unique-files.ts'))};
const [dir, who, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {}
const out = [];
for (let k = 0; k < 30; k++) out.push(writeUniqueFiles(dir, 'race', [{ ext: '.png', data: 'png ' + who + ' ' + k }, { ext: '.json', data: 'json ' + who + ' ' + k }]));
console.log(JSON.stringify(out));
`,
    );
    const startAt = Date.now() + 4_000;
    const run = (who: string): Promise<string[][]> =>
      new Promise((res, rej) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, d, who, String(startAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (x: Buffer) => (out += x.toString()));
        child.stderr.on('data', (x: Buffer) => (err += x.toString()));
        child.on('exit', (code) => (code === 0 ? res(JSON.parse(out) as string[][]) : rej(new Error(err))));
      });
    const [a, b] = await Promise.all([run('A'), run('B')]);
    const sets = [...a.map((s, k) => ({ s, tag: `A ${k}` })), ...b.map((s, k) => ({ s, tag: `B ${k}` }))];
    expect(new Set(sets.map((x) => x.s[0])).size).toBe(60);
    for (const { s, tag } of sets) {
      expect(readFileSync(s[0]!, 'utf8')).toBe(`png ${tag}`);
      expect(readFileSync(s[1]!, 'utf8')).toBe(`json ${tag}`);
    }
    expect(readdirSync(d)).toHaveLength(120);
  });
});
