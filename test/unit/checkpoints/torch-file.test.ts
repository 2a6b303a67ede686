/**
 * The TypeScript torch.save reader against files written by real PyTorch (Debian's
 * python3-torch): both layouts (zip and legacy), every float dtype, non-contiguous views,
 * shared storages, refusal of pickles that call anything but the tensor-rebuild functions,
 * and truncated files. The expected values are computed by PyTorch and written as raw
 * float32 next to each checkpoint, so the reference is independent of the reader.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TorchCheckpoint } from '../../../src/core/checkpoints/torch-file';
import { TorchTensor, type PickleDict } from '../../../src/core/checkpoints/torch-pickle';

const PY = '/usr/bin/python3';
const hasTorch = spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) console.warn('skipping torch.save reader tests: /usr/bin/python3 has no torch (apt-get install -y python3-torch)');

const MAKE = String.raw`
import sys, os, collections, torch
out = sys.argv[1]
g = torch.Generator().manual_seed(3)
base = torch.randn(4, 6, generator=g)
sd = collections.OrderedDict()
sd['w32'] = base
sd['w64'] = torch.randn(3, 5, generator=g, dtype=torch.float64)
sd['w16'] = torch.randn(7, generator=g).half()
sd['wbf'] = torch.randn(2, 3, generator=g).bfloat16()
sd['t'] = base.t()                      # non-contiguous view of a shared storage
sd['slice'] = base[1:3, 2:5]            # offset + strides
sd['i64'] = torch.arange(5)
sd['param'] = torch.nn.Parameter(torch.randn(2, 2, generator=g))
obj = {'state_dict': sd, 'latent_avg': torch.randn(512, generator=g), 'opts': {'name': 'x', 'lr': 0.1, 'sizes': [1, 2]}}
for name, legacy in (('zip.pt', False), ('legacy.pt', True)):
    torch.save(obj, os.path.join(out, name), _use_new_zipfile_serialization=not legacy)
for k, v in sd.items():
    v.detach().float().contiguous().numpy().tofile(os.path.join(out, k + '.f32'))
class Evil:
    def __reduce__(self):
        return (os.system, ('echo pwned',))
torch.save({'a': torch.zeros(2), 'evil': Evil()}, os.path.join(out, 'evil.pt'))
`;

let dir: string;

function readF32(p: string): Float32Array {
  const b = readFileSync(p);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

describe.skipIf(!hasTorch)('torch.save reader', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kinship-torchfile-'));
    const r = spawnSync(PY, ['-c', MAKE, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const file of ['zip.pt', 'legacy.pt']) {
    it(`reads every tensor of a ${file.split('.')[0]} file as PyTorch wrote it`, async () => {
      const ck = await TorchCheckpoint.open(join(dir, file));
      try {
        expect(ck.format).toBe(file.startsWith('zip') ? 'zip' : 'legacy');
        const root = ck.root as PickleDict;
        const sd = root.get('state_dict') as PickleDict;
        expect([...sd.keys()]).toEqual(['w32', 'w64', 'w16', 'wbf', 't', 'slice', 'i64', 'param']);
        for (const [k, v] of sd) {
          expect(v).toBeInstanceOf(TorchTensor);
          const got = ck.readFloat32(v as TorchTensor);
          expect(Array.from(got), String(k)).toEqual(Array.from(readF32(join(dir, `${k}.f32`))));
        }
        expect((sd.get('t') as TorchTensor).shape).toEqual([6, 4]);
        expect((sd.get('t') as TorchTensor).storage).toBe((sd.get('w32') as TorchTensor).storage);
        expect((root.get('latent_avg') as TorchTensor).shape).toEqual([512]);
        const opts = root.get('opts') as PickleDict;
        expect(opts.get('name')).toBe('x');
        expect(opts.get('sizes')).toEqual([1, 2]);
        // A contiguous tensor's byte range is where its bytes are in the file.
        const w32 = sd.get('w32') as TorchTensor;
        const range = ck.byteRange(w32);
        const fileBytes = readFileSync(join(dir, file)).subarray(range.offset, range.offset + range.length);
        expect(Buffer.from(fileBytes).equals(readFileSync(join(dir, 'w32.f32')))).toBe(true);
      } finally {
        ck.close();
      }
    });
  }

  it('refuses a pickle that calls anything but the tensor-rebuild functions, naming the file and the call', async () => {
    await expect(TorchCheckpoint.open(join(dir, 'evil.pt'))).rejects.toThrow(/^evil\.pt: refused: its pickle calls (posix|os)\.system/);
  });

  it('names the file and says truncated for a cut-off download, in both layouts', async () => {
    for (const file of ['zip.pt', 'legacy.pt']) {
      const cut = join(dir, `cut-${file}`);
      const full = readFileSync(join(dir, file));
      writeFileSync(cut, full.subarray(0, Math.floor(full.length * 0.8)));
      await expect(TorchCheckpoint.open(cut), file).rejects.toThrow(new RegExp(`^cut-${file.replace('.', '\\.')}: .*(truncated|not a complete zip)`));
    }
    const empty = join(dir, 'empty.pt');
    writeFileSync(empty, '');
    await expect(TorchCheckpoint.open(empty)).rejects.toThrow(/empty\.pt: file is empty/);
    await expect(TorchCheckpoint.open(join(dir, 'nope.pt'))).rejects.toThrow(/nope\.pt: file not found/);
    const notTorch = join(dir, 'text.pt');
    writeFileSync(notTorch, 'hello world, not a checkpoint at all');
    await expect(TorchCheckpoint.open(notTorch)).rejects.toThrow(/text\.pt: is not a PyTorch checkpoint/);
    // A legacy file cut inside its last storage: the pickles parse, the data does not fit.
    const legacy = join(dir, 'legacy.pt');
    const cut2 = join(dir, 'cut2-legacy.pt');
    writeFileSync(cut2, readFileSync(legacy));
    const fd = openSync(cut2, 'r+');
    ftruncateSync(fd, statSync(legacy).size - 3);
    closeSync(fd);
    await expect(TorchCheckpoint.open(cut2)).rejects.toThrow(/cut2-legacy\.pt: is truncated: storage/);
  });
});
