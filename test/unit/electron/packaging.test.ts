/**
 * The packaging configuration as electron-builder itself reads it: its own loader
 * and schema check, and its own translation of `electronFuses` into the fuse wire
 * (@electron/fuses). Then asarUnpack against what the packaged app really loads
 * from disk: the worker entries (electron.vite.config.ts), the external packages
 * the workers import (followed through the sources), their runtime dependencies,
 * and the native addons; nothing else of the app may be unpacked.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimatch } from 'minimatch';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import viteConfig from '../../../electron.vite.config';

interface BuilderConfig {
  asarUnpack?: string[] | string | null;
  electronFuses?: Record<string, boolean> | null;
}
const requireHere = createRequire(import.meta.url);
const builderConfig = requireHere('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: unknown): Promise<void>;
};
const { PlatformPackager } = requireHere('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(this: unknown, fuses: unknown): Promise<Record<string, unknown>> } };
};

const root = process.cwd();
const loadConfig = async (): Promise<BuilderConfig> => {
  const config = await builderConfig.getConfig(root, null, null);
  await builderConfig.validateConfiguration(config, { isEnabled: false, add: () => undefined });
  return config;
};

describe('electron-builder fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect, turns on ASAR integrity, asar-only loading and cookie encryption', async () => {
    const config = await loadConfig();
    // electron-builder's own mapping from the yml keys to the fuse wire: a misspelt key is dropped there.
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
});

// ---- what the workers load from disk ----

const IMPORT_PATTERNS = [
  /^\s*(?:import|export)\s+(?!type\b)[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm,
  /^\s*import\s+['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\.resolve\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function specifiers(source: string): string[] {
  return IMPORT_PATTERNS.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!));
}

const packageName = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(packageName(spec));

function resolveSource(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base.replace(/\.js$/, '')}.ts`, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Bare package names imported anywhere in the source graph under `entry`. */
function packagesImportedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const next = resolveSource(file, spec);
        if (next) queue.push(next);
      } else if (!isBuiltin(spec)) {
        packages.add(packageName(spec));
      }
    }
  }
  return packages;
}

function jsFiles(dir: string, depth = 0): string[] {
  if (depth > 4 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? (d.name === 'node_modules' ? [] : jsFiles(join(dir, d.name), depth + 1)) : /\.(c|m)?js$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

/** A package plus the dependencies its runtime code (the folder of its main file) requires, recursively. */
function withRuntimeDependencies(names: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const name = queue.pop()!;
    if (result.has(name)) continue;
    result.add(name);
    const dir = join(root, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string; dependencies?: Record<string, string> };
    const declared = new Set(Object.keys(pkg.dependencies ?? {}));
    for (const file of jsFiles(dirname(join(dir, pkg.main ?? 'index.js')))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.') && declared.has(packageName(spec))) queue.push(packageName(spec));
      }
    }
  }
  return result;
}

describe('asarUnpack', () => {
  const mainBuild = viteConfig.main as { build: { externalizeDeps: { exclude: string[] }; rollupOptions: { input: Record<string, string> } } };
  const workers = Object.entries(mainBuild.build.rollupOptions.input).filter(([name]) => name !== 'index');
  const bundled = new Set(mainBuild.build.externalizeDeps.exclude);
  const appPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

  const unpacked = async (): Promise<(path: string) => boolean> => {
    const raw = (await loadConfig()).asarUnpack ?? [];
    const patterns = Array.isArray(raw) ? raw : [raw];
    return (path) => patterns.some((p) => minimatch(path, p, { dot: true }));
  };

  it('unpacks the worker entries, their chunks, and every package they load with its runtime dependencies', async () => {
    const isUnpacked = await unpacked();
    expect(workers.map(([name]) => name).sort()).toEqual(['crossover-worker', 'face-detector-worker', 'inference-worker']);
    const external = new Set<string>();
    for (const [name, entry] of workers) {
      expect(isUnpacked(`out/main/${name}.js`), name).toBe(true);
      for (const pkg of packagesImportedFrom(entry)) {
        if (pkg in appPackage.dependencies && !bundled.has(pkg)) external.add(pkg);
      }
    }
    expect(isUnpacked('out/main/chunks/schemas-AbC123.js')).toBe(true);
    const needed = withRuntimeDependencies(external);
    // The scan must find at least these, or it is looking at nothing.
    expect([...needed]).toEqual(expect.arrayContaining(['onnxruntime-node', 'onnxruntime-common', '@vladmandic/face-api']));
    for (const pkg of needed) expect(isUnpacked(`node_modules/${pkg}/package.json`), pkg).toBe(true);
  });

  it('unpacks the native addons of the main process (better-sqlite3, sharp and its platform packages)', async () => {
    const isUnpacked = await unpacked();
    const platformPackages = readdirSync(join(root, 'node_modules', '@img')).map((d) => `@img/${d}`);
    for (const pkg of ['better-sqlite3', 'sharp', ...platformPackages]) {
      expect(isUnpacked(`node_modules/${pkg}/package.json`), pkg).toBe(true);
    }
  });

  it('keeps the main bundle, preload, renderer and package.json inside the archive', async () => {
    const isUnpacked = await unpacked();
    for (const path of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-AbC123.js', 'package.json']) {
      expect(isUnpacked(path), path).toBe(false);
    }
  });
});
