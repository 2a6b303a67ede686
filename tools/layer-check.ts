/** The layer check as a function: dependency-cruiser over `roots` with .dependency-cruiser.cjs. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, format, type ICruiseOptions, type IConfiguration, type IViolation, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);

export interface LayerReport {
  violations: Array<{ rule: string; from: string; to: string }>;
  /** dependency-cruiser's own text report (empty-ish when clean). */
  text: string;
  modules: number;
}

/** Cruises `roots` (relative to `baseDir`) and returns every rule violation. */
export async function checkLayers(roots: string[], baseDir = process.cwd(), tsConfigPath = join(baseDir, 'tsconfig.json')): Promise<LayerReport> {
  const config = require('../.dependency-cruiser.cjs') as IConfiguration;
  const options: ICruiseOptions = {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  };
  const tsConfig = extractTSConfig(tsConfigPath);
  const result = await cruise(roots, { ...options, tsConfig: { fileName: tsConfigPath } }, {}, { tsConfig });
  const output = typeof result.output === 'string' ? (JSON.parse(result.output) as ICruiseResult) : result.output;
  const text = await format(output, { outputType: 'err' });
  return {
    violations: (output.summary.violations as IViolation[]).map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
    text: typeof text.output === 'string' ? text.output : '',
    modules: output.modules.length,
  };
}
