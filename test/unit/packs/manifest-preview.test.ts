/** The preview graph contract: files.generatorPreview and io.generatorPreview come together. */
import { describe, expect, it } from 'vitest';
import { PackManifestSchema, expectedGraphIo, formatZodIssues } from '../../../src/core/packs/manifest';

const base = {
  id: 'p',
  name: 'P',
  version: '1',
  license: 'x',
  resolution: 1024,
  numWs: 18,
  wDim: 512,
  regions: 34,
  dtype: 'float32',
  files: { generator: 'generator.onnx', lge: 'lge.onnx', decoder: 'decoder.onnx' },
};

function issues(m: unknown): string {
  const r = PackManifestSchema.safeParse(m);
  return r.success ? '' : formatZodIssues(r.error);
}

describe('manifest preview graph', () => {
  it('accepts a pack with a 256 preview graph and expects preview [B,3,256,256]', () => {
    const m = PackManifestSchema.parse({
      ...base,
      files: { ...base.files, generatorPreview: 'generator-preview.onnx' },
      io: { generatorPreview: 256 },
    });
    expect(expectedGraphIo('generatorPreview', m)).toEqual({
      inputs: [{ name: 'wplus', shape: ['B', 18, 512] }],
      outputs: [{ name: 'preview', shape: ['B', 3, 256, 256] }],
    });
  });

  it('accepts a pack without a preview graph', () => {
    expect(issues(base)).toBe('');
  });

  it('refuses the file without the resolution, the resolution without the file, and bad resolutions', () => {
    expect(issues({ ...base, files: { ...base.files, generatorPreview: 'g.onnx' } })).toMatch(/io\.generatorPreview: is required/);
    expect(issues({ ...base, io: { generatorPreview: 256 } })).toMatch(/files\.generatorPreview: is required/);
    const withFile = { ...base, files: { ...base.files, generatorPreview: 'g.onnx' } };
    expect(issues({ ...withFile, io: { generatorPreview: 300 } })).toMatch(/power of two/);
    expect(issues({ ...withFile, resolution: 128, io: { generatorPreview: 256 } })).toMatch(/must not exceed the resolution 128/);
  });
});
