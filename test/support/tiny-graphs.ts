/** Hand-made ONNX graphs for inference and pack-validation tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder } from '../../src/core/onnx/graph-builder';

/** mapping.onnx computing w = 2·z + 1. */
export function writeAffineMapping(dir: string, file = 'mapping.onnx'): string {
  const g = new GraphBuilder('affine');
  const z = g.input('z', ['B', 512]);
  const y = g.node('Add', [g.node('Mul', [z, g.constF(2)]), g.constF(1)]);
  g.output('w', y, ['B', 512]);
  const path = join(dir, file);
  writeFileSync(path, g.serialize());
  return path;
}

/** mapping.onnx that takes a while: `steps` chained 512×512 MatMuls with tanh. */
export function writeSlowMapping(dir: string, steps = 60): string {
  const g = new GraphBuilder('slow');
  let v = g.input('z', ['B', 512]);
  const w = new Float32Array(512 * 512);
  for (let i = 0; i < w.length; i++) w[i] = ((i * 2654435761) % 1000) / 1000 / 512 - 0.0005;
  const W = g.constF(w, [512, 512]);
  for (let s = 0; s < steps; s++) v = g.node('Tanh', [g.node('MatMul', [v, W])]);
  g.output('w', v, ['B', 512]);
  const path = join(dir, 'slow.onnx');
  writeFileSync(path, g.serialize());
  return path;
}

/** A graph whose input has the wrong width ([B,256] where [B,512] is expected). */
export function writeWrongShapeMapping(dir: string): string {
  const g = new GraphBuilder('wrong');
  const z = g.input('z', ['B', 256]);
  g.output('w', g.node('Identity', [z]), ['B', 256]);
  const path = join(dir, 'wrong.onnx');
  writeFileSync(path, g.serialize());
  return path;
}
