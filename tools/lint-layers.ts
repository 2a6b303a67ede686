/**
 * `npm run lint:layers`: checks the layer rules of .dependency-cruiser.cjs (docs/ARCHITECTURE.md,
 * "Layers") over src and tools and exits non-zero on any violation. It runs dependency-cruiser
 * through its API because its command line refuses Node 20, which this project supports.
 */
import { checkLayers } from './layer-check';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'tools'];
const report = await checkLayers(roots);
if (report.violations.length > 0) {
  process.stderr.write(report.text);
  process.stderr.write(`\nLayer check failed: ${report.violations.length} forbidden import(s); see docs/ARCHITECTURE.md, "Layers".\n`);
  process.exit(1);
}
process.stdout.write(`Layer check: ${report.modules} modules under ${roots.join(', ')} follow .dependency-cruiser.cjs.\n`);
