/**
 * Broken model packs are refused with a message naming the file and the problem,
 * and the studio keeps working on the packs that load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinResources, tempDir } from '../support/builtin-pack';
import { StudioService } from '../../src/core/studio-service';
import { writeWrongShapeMapping } from '../support/tiny-graphs';

let resources: string;
let dataDir: string;
let service: StudioService;

function copyPack(name: string, edit: (dir: string, manifest: Record<string, unknown>) => Record<string, unknown> | void): string {
  const dir = join(dataDir, 'packs', name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(resources, 'models', 'builtin'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const next = edit(dir, { ...manifest, id: name, name }) ?? { ...manifest, id: name, name };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(next));
  return dir;
}

beforeAll(async () => {
  resources = await builtinResources();
  dataDir = tempDir('kinship-packs-');
  copyPack('missing-file', (dir) => rmSync(join(dir, 'decoder.onnx')));
  copyPack('truncated', (dir) => truncateSync(join(dir, 'lge.onnx'), 4));
  copyPack('bad-manifest', (_dir, m) => ({ ...m, regions: 33 }));
  copyPack('wrong-shape', (dir) => {
    writeWrongShapeMapping(dir);
    rmSync(join(dir, 'mapping.onnx'));
    cpSync(join(dir, 'wrong.onnx'), join(dir, 'mapping.onnx'));
  });
  const notJson = join(dataDir, 'packs', 'not-json');
  mkdirSync(notJson, { recursive: true });
  writeFileSync(join(notJson, 'manifest.json'), '{ this is not json');
  service = await StudioService.create({ host: 'cli', dataDir, resourcesDir: resources });
});
afterAll(async () => service?.dispose());

const errorOf = (folderName: string) => service.listPacks().find((p) => p.folder.endsWith(folderName))!;

describe('model pack registry', () => {
  it('keeps the built-in pack working while broken packs are listed with their problem', () => {
    expect(service.status().activePack?.id).toBe('builtin');
    expect(errorOf('missing-file')).toMatchObject({ status: 'error' });
    expect(errorOf('missing-file').error).toMatch(/decoder\.onnx: file is missing/);
    expect(errorOf('truncated').error).toMatch(/lge\.onnx: file is empty or truncated/);
    expect(errorOf('bad-manifest').error).toMatch(/manifest\.json: does not validate: regions/);
    expect(errorOf('not-json').error).toMatch(/manifest\.json: is not valid JSON/);
  });

  it('refuses a graph with a wrong tensor shape when activated, naming the file, and keeps the active pack', async () => {
    await expect(service.activatePack('wrong-shape')).rejects.toThrow(/mapping\.onnx: input 'z' has shape \[B,256\], expected \[B,512\]/);
    expect(service.status().activePack?.id).toBe('builtin');
    expect(errorOf('wrong-shape').status).toBe('error');
  });

  it('finds a pack copied in later on rescan', async () => {
    copyPack('late-arrival', () => undefined);
    expect(service.listPacks().some((p) => p.id === 'late-arrival')).toBe(false);
    expect(service.rescanPacks().find((p) => p.id === 'late-arrival')?.status).toBe('ready');
    await service.activatePack('late-arrival');
    expect(service.status().activePack?.id).toBe('late-arrival');
  });
});
