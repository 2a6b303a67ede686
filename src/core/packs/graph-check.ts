/** Compares a loaded graph's declared inputs/outputs with what the pack contract expects. */
import type { GraphSpec } from './manifest';

export interface DeclaredTensor {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

/** Returns the first problem found, or null when the graph matches. */
export function checkGraphIo(
  spec: GraphSpec,
  inputs: readonly DeclaredTensor[],
  outputs: readonly DeclaredTensor[],
  dtype: 'float32' | 'float16',
): string | null {
  const check = (kind: 'input' | 'output', want: GraphSpec['inputs'], have: readonly DeclaredTensor[]): string | null => {
    for (const w of want) {
      const h = have.find((t) => t.name === w.name);
      if (!h) {
        return `${kind} '${w.name}' is missing (graph has ${have.map((t) => `'${t.name}'`).join(', ') || 'none'})`;
      }
      if (!h.isTensor) return `${kind} '${w.name}' is not a tensor`;
      if (h.type && h.type !== dtype) return `${kind} '${w.name}' has dtype ${h.type}, expected ${dtype}`;
      const shape = h.shape ?? [];
      if (shape.length === 0) continue; // undeclared shape: checked at run time instead
      if (shape.length !== w.shape.length) {
        return `${kind} '${w.name}' has shape [${shape.join(',')}], expected [${w.shape.join(',')}]`;
      }
      for (let i = 0; i < w.shape.length; i++) {
        const e = w.shape[i];
        const g = shape[i];
        // A symbolic or -1 dimension is accepted where we expect a number only for the batch.
        if (e === 'B') continue;
        if (typeof g === 'number' && g !== e && g !== -1) {
          return `${kind} '${w.name}' has shape [${shape.join(',')}], expected [${w.shape.join(',')}]`;
        }
      }
    }
    return null;
  };
  return check('input', spec.inputs, inputs) ?? check('output', spec.outputs, outputs);
}
