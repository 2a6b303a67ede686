/**
 * Run-time checks of what a pack's graphs return. The pack loader checks the declared
 * input and output shapes once, but a graph can still compute NaN or Infinity, or return
 * another shape or batch than it declares (dynamic axes). Unchecked, that became black,
 * white or garbage persons, or a misleading "No founder … in 1024 draws" from NaN
 * attribute logits. Every output of every stage passes here before anything uses it.
 */
import { basename } from 'node:path';
import { KinshipError } from '../../domain/errors';
import type { TensorPayload } from '../inference/messages';
import { expectedGraphIo, type ModelRole } from '../packs/manifest';
import type { PackInfo } from '../packs/pack-loader';

/**
 * A graph returned something unusable; the message names the pack, the graph and the
 * output. 'unsupported': the active pack cannot do this (switch or reconvert the pack).
 */
export class PackOutputError extends KinshipError {
  constructor(message: string) {
    super('unsupported', message);
    this.name = 'PackOutputError';
  }
}

function graphName(pack: PackInfo, role: ModelRole): string {
  const file = pack.files[role];
  return `the ${role} graph${file ? ` (${basename(file)})` : ''} of model pack '${pack.manifest.name}' (${pack.manifest.id})`;
}

/** Expected dims of `output` for a batch of `batch` items, from the pack's declared I/O. */
export function expectedOutputDims(pack: PackInfo, role: ModelRole, output: string, batch: number): number[] {
  const spec = expectedGraphIo(role, pack.manifest).outputs.find((o) => o.name === output);
  if (!spec) throw new Error(`${role}: no declared output '${output}'`);
  return spec.shape.map((d) => (d === 'B' ? batch : d));
}

/**
 * Checks one output tensor: present, exactly the expected dims (batch included), data
 * length matching, every value finite. Returns the data.
 */
export function checkStageOutput(pack: PackInfo, role: ModelRole, output: string, t: TensorPayload | undefined, batch: number): Float32Array {
  const what = () => `${graphName(pack, role)} returned`;
  if (t === undefined) throw new PackOutputError(`${what()} no output '${output}'. Check the pack or reconvert it.`);
  const want = expectedOutputDims(pack, role, output, batch);
  const same = t.dims.length === want.length && t.dims.every((d, i) => d === want[i]);
  if (!same) {
    const batchOnly = t.dims.length === want.length && t.dims.slice(1).every((d, i) => d === want[i + 1]);
    const detail = batchOnly ? `a batch of ${t.dims[0]} for ${batch} inputs` : `shape [${t.dims.join(', ')}]`;
    throw new PackOutputError(`${what()} ${detail} for '${output}', expected [${want.join(', ')}]. Check the pack or reconvert it.`);
  }
  const n = want.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw new PackOutputError(`${what()} ${t.data.length} values for '${output}' [${want.join(', ')}], expected ${n}.`);
  const data = t.data;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    // v - v is NaN for NaN and ±Infinity alone: one subtraction per value on the hot path.
    if (v - v !== 0) {
      let bad = 0;
      for (let j = i; j < n; j++) if (!Number.isFinite(data[j]!)) bad++;
      const itemLen = n / batch;
      throw new PackOutputError(
        `${what()} ${Number.isNaN(v) ? 'NaN' : String(v)} in '${output}' (item ${Math.floor(i / itemLen) + 1} of ${batch}; ` +
          `${bad} of ${n} values are not finite). The graph is broken or its input is out of range; check the pack or reconvert it.`,
      );
    }
  }
  return data;
}
