/** Finding a Python 3 with PyTorch for the converter (shared by the launcher and tests). */
import { spawnSync } from 'node:child_process';

export const INSTALL_HINT = 'install python3-torch: apt-get install -y python3-torch python3-onnx python3-numpy';

/** The first candidate that imports torch and onnx ($KINSHIP_PYTHON, Debian's /usr/bin/python3, python3), or null. */
export function findPython(): string | null {
  const candidates = [process.env.KINSHIP_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c);
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}
