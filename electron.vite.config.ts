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
    build: {
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
