import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // face-api's sources import tfjs from its own bundle; the detector tests run them on ftd's tfjs instead
    // (test/helpers/face-api-tfjs.ts says why). No ftd file imports this path.
    alias: [{ find: /^(\.\.\/)+dist\/tfjs\.esm$/, replacement: fileURLToPath(new URL('./test/helpers/face-api-tfjs.ts', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Training and browser tests are CPU-bound on 2 cores; the defaults (5 s) are for unit tests only.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One worker per core keeps tfjs, onnxruntime and Chromium from starving each other.
    maxWorkers: 2,
    pool: 'forks',
    reporters: ['default'],
    // face-api ships TypeScript sources, which vitest must transform rather than hand to Node.
    server: { deps: { inline: [/@vladmandic\/face-api\/src\//] } },
  },
});
