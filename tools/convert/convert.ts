/**
 * `npm run convert -- --checkpoints <dir> --out <packDir> [--resolution auto] [--trust-pickle]`
 *
 * Finds a Python 3 with PyTorch (Debian's python3-torch under /usr/bin/python3), runs the
 * converter (tools/convert/convert.py), then checks every exported graph against PyTorch
 * with onnxruntime-node (parity.ts) and validates the pack with the app's own loader.
 */
import { spawnSync } from 'node:child_process';
import { findPython, INSTALL_HINT } from './python';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkParity, FP32_TOLERANCE } from './parity';
import { readPack } from '../../src/core/packs/pack-loader';

const HERE = dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: npm run convert -- --checkpoints <dir> --out <packDir> [--resolution auto|N] [--trust-pickle]

Converts the official StyleGene checkpoints with Python + PyTorch (see docs/stylegene-pack.md).

  --checkpoints <dir>  folder with stylegan2-ffhq-config-f.pt, stylegene_N18.ckpt and optionally
                       e4e_ffhq_encode.pt, res34_fair_align_multi_7_20190809.pt
  --out <packDir>      where the model pack is written
  --resolution <N>     generator resolution (default auto: read from the checkpoint)
  --trust-pickle       allow checkpoints that pickle objects other than tensors
  -h, --help           this help`;

interface Args {
  checkpoints: string;
  out: string;
  resolution: string;
  fp16: boolean;
  trustPickle: boolean;
}

function parseArgs(argv: string[]): Args | 'help' {
  const a: Partial<Args> = { resolution: 'auto', fp16: false, trustPickle: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--help' || k === '-h') return 'help';
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    if (k === '--checkpoints') a.checkpoints = val();
    else if (k === '--out') a.out = val();
    else if (k === '--resolution') a.resolution = val();
    else if (k === '--fp16') throw new Error('--fp16 belongs to the TypeScript converter: npm run cli -- packs install stylegene --from <dir> --fp16 (this Python converter writes float32 only)');
    else if (k === '--trust-pickle') a.trustPickle = true;
    else throw new Error(`unknown option ${k}\n${USAGE}`);
  }
  if (!a.checkpoints || !a.out) throw new Error(USAGE);
  if (a.resolution !== 'auto' && !/^\d+$/.test(a.resolution!)) throw new Error(`--resolution must be 'auto' or a number`);
  return a as Args;
}

async function main(): Promise<number> {
  let parsed: Args | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const args = parsed;
  if (!existsSync(args.checkpoints)) {
    console.error(`error: checkpoint folder ${args.checkpoints} does not exist`);
    return 2;
  }
  const py = findPython();
  if (!py) {
    console.error(`error: no Python 3 with PyTorch and onnx found (tried $KINSHIP_PYTHON, /usr/bin/python3, python3); ${INSTALL_HINT}`);
    return 3;
  }
  const parityDir = mkdtempSync(join(tmpdir(), 'kinship-parity-'));
  try {
    const t0 = Date.now();
    const pyArgs = [join(HERE, 'convert.py'), '--checkpoints', resolve(args.checkpoints), '--out', resolve(args.out), '--parity-dir', parityDir, '--resolution', args.resolution];
    if (args.trustPickle) pyArgs.push('--trust-pickle');
    const r = spawnSync(py, pyArgs, { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`conversion failed (python exit ${r.status ?? r.signal})`);
      return r.status ?? 1;
    }
    console.log(`parity (onnxruntime-node CPU vs PyTorch; fp32 limit ${FP32_TOLERANCE}·max(1, max|torch|)):`);
    const results = await checkParity(parityDir);
    const failed = results.filter((x) => !x.ok);
    if (failed.length) {
      console.error(`parity FAILED for ${failed.map((f) => `${f.file}:${f.output}`).join(', ')}`);
      return 1;
    }
    const info = readPack(args.out); // the studio's own manifest + file checks
    console.log(`pack '${info.manifest.id}' (${info.manifest.resolution}x${info.manifest.resolution}) ready in ${resolve(args.out)} after ${((Date.now() - t0) / 1000).toFixed(0)}s`);
    return 0;
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 1;
  } finally {
    rmSync(parityDir, { recursive: true, force: true });
  }
}

process.exit(await main());
