import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // ONNX sessions and SQLite files are heavy; two cores here.
    pool: 'forks',
    maxWorkers: 2,
  },
});
