/**
 * The layer rules catch each forbidden direction. The fixture is a throw-away tree with
 * one import per rule, so the reference (which file breaks which rule) is written here,
 * independent of the checker; the real tree is checked by `npm run lint:layers`.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers } from '../../../tools/layer-check';

const root = mkdtempSync(join(tmpdir(), 'kinship-layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('layer rules', () => {
  it('reports every forbidden import and nothing else', async () => {
    file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
    file('src/domain/regions.ts', 'export const REGIONS = 34;\n');
    file('src/domain/bad.ts', "import { service } from '../core/service';\nexport const d = service;\n");
    file('src/core/service.ts', "import { REGIONS } from '../domain/regions';\nexport const service = REGIONS;\n");
    file('src/core/uses-host.ts', "import { host } from '../main/window';\nexport const u = host;\n");
    file('src/core/uses-electron.ts', "import { app } from 'electron';\nexport const e = app;\n");
    file('src/core/studio/action.ts', "import { pool } from '../pool/pool';\nexport const action = pool;\n");
    file('src/core/pool/pool.ts', "export const pool = 1;\n");
    file('src/core/faces/handler.ts', "import { action } from '../studio/action';\nexport const h = action;\n");
    file('src/main/window.ts', "import { service } from '../core/service';\nexport const host = service;\n");
    file('src/shared/api.ts', "import { service } from '../core/service';\nimport { REGIONS } from '../domain/regions';\nexport const api = service + REGIONS;\n");
    file('src/renderer/src/App.tsx', "import { REGIONS } from '../../domain/regions';\nimport { api } from '../../shared/api';\nimport { pool } from '../../core/pool/pool';\nexport const app = REGIONS + api + pool;\n");
    file('src/renderer/src/fs.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n");

    const report = await checkLayers(['src'], root);
    const found = report.violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`).sort();
    expect(found).toEqual(
      [
        'browser-code-not-core: src/renderer/src/App.tsx -> src/core/pool/pool.ts',
        'browser-code-not-core: src/shared/api.ts -> src/core/service.ts',
        'core-not-hosts: src/core/uses-host.ts -> src/main/window.ts',
        'core-no-electron: src/core/uses-electron.ts -> electron',
        'core-not-hosts: src/core/uses-electron.ts -> electron',
        'domain-is-a-leaf: src/domain/bad.ts -> src/core/service.ts',
        'features-not-studio: src/core/faces/handler.ts -> src/core/studio/action.ts',
        'renderer-no-node: src/renderer/src/fs.ts -> fs',
      ].sort(),
    );
  }, 120_000);
});
