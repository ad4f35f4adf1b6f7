import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Training and browser tests are CPU-bound on 2 cores; the defaults (5 s) are for unit tests only.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One worker per core keeps tfjs, onnxruntime and Chromium from starving each other.
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
  },
});
