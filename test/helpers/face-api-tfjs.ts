/**
 * What face-api's TypeScript sources import as `../../dist/tfjs.esm` (see vitest.config.ts), so its own
 * detector code runs on ftd's tfjs packages: tfjs-core with its chained ops (face-api calls `tensor.as3D`,
 * `tensor.div`) and the cpu back end. The package's built bundles cannot be used instead: the browser bundle
 * stops on import under Node (`this.util.TextEncoder is not a constructor`, its bundled stand-in for node's
 * util), and the Node bundles require @tensorflow/tfjs-node or the @tensorflow/tfjs union package, which ftd
 * does not install. face-api 1.7.15 is built against tfjs 4.22.0, the version ftd pins.
 */
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-backend-cpu';
