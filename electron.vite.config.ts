import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // Native modules (better-sqlite3, onnxruntime-node, sharp) stay in node_modules;
      // zod is bundled so the inference worker, unpacked from the asar archive in a
      // packaged app, needs nothing from inside the archive.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // Each worker is its own entry so worker_threads can start it (src/core/workers).
          'inference-worker': resolve('src/core/inference/inference-worker.ts'),
          'face-detector-worker': resolve('src/core/faces/detector-worker.ts'),
          'crossover-worker': resolve('src/core/breeding/crossover-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    // Test hooks (window.__kinshipCanvas) exist only in the test build (npm run build:test,
    // out-test/); in the production build the constant is false and the hook code is dropped.
    // tools/check-no-test-hooks.ts checks out/renderer (docs/ARCHITECTURE.md, "Test hooks").
    define: { __KINSHIP_TEST_HOOKS__: JSON.stringify(process.env.KINSHIP_TEST_HOOKS === '1') },
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
