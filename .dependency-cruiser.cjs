/**
 * Layer rules (docs/ARCHITECTURE.md, "Layers"). `npm run lint:layers` checks them and
 * `npm test` runs it first, so a wrong-way import fails the suite.
 */
const HOSTS = '^src/(main|web|cli|preload|launcher)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-a-leaf',
      comment: 'src/domain is the shared vocabulary: it may import only itself (and npm packages such as zod).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'browser-code-not-core',
      comment: 'The renderer and src/shared run in the browser: they import src/domain and src/shared, never the service layer or a host.',
      severity: 'error',
      from: { path: '^src/(renderer|shared)/' },
      to: { path: '^src/(core|main|web|cli|preload|launcher)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'Renderer code must not pull Node built-ins or native modules.',
      severity: 'error',
      from: { path: '^src/(renderer|shared|domain)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-not-hosts',
      comment: 'The service layer runs in every host, so it never imports a host or Electron.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [HOSTS, '^node_modules/electron/', '^electron$'] },
    },
    {
      name: 'core-no-electron',
      comment: 'Electron imports belong in src/main and src/preload only.',
      severity: 'error',
      from: { path: '^src/(core|shared|domain|renderer|web|cli)/' },
      to: { path: '^electron$|^node_modules/electron/' },
    },
    {
      name: 'features-not-studio',
      comment: 'Core features (genes, breeding, pool, faces, projects, ...) are used by src/core/studio, never the other way round.',
      severity: 'error',
      from: { path: '^src/core/[^/]+/', pathNot: '^src/core/studio/' },
      to: { path: '^src/core/studio/' },
    },
    {
      name: 'no-src-imports-tests',
      comment: 'Product code never imports test code.',
      severity: 'error',
      from: { path: '^(src|tools)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
