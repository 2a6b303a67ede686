/**
 * The latent shapes (18 W+ layers × 34 regions × 512) are spelled once, in
 * src/domain/latent-shape.ts; code elsewhere derives them from LATENT_SHAPE.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', 'src');
// Shapes written out in code: products, tensor shapes, manifest fields, array lengths.
const SHAPE = /\b18 ?\* ?(34 ?\* ?)?512\b|\[\s*(?:'B',\s*|1,\s*)?18,\s*(?:34,\s*)?512\s*\]|\b(?:numWs|wDim|regions):\s*(?:z\.literal\()?(?:18|512|34)\b|\.length\((?:18|512|34)\)|max=\{18\}/;

/** Same numbers, other meaning. */
const NOT_LATENT = [
  // FairFace's head: 18 logits (race 7, gender 2, age 9) over ResNet-34's 512 features.
  "w.take('fc.weight', [18, 512])",
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('latent shape literals', () => {
  it('appear in no source file but src/domain/latent-shape.ts (comments aside)', () => {
    const found: string[] = [];
    for (const f of files(ROOT)) {
      if (f.endsWith(join('domain', 'latent-shape.ts'))) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (/^\s*(\*|\/\*)/.test(code)) return;
          if (SHAPE.test(code) && !NOT_LATENT.some((n) => code.includes(n))) found.push(`${f.slice(ROOT.length + 1)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });
});
