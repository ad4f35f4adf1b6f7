import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailable, type BackendCandidate } from './backend-choice.ts';
import { importOptional } from './import-optional.ts';
import { registerWasmKernels } from './wasm-kernels/index.ts';
import { startThreadedWasm, wasmThreadsWanted } from './wasm-threads.ts';

/**
 * tfjs's WebAssembly back end: its convolutions and matrix products run in XNNPACK, which makes it the fastest
 * trainer on a CPU without tfjs-node. Stock, it cannot train this model (four gradient kernels are missing)
 * and computes MaxPoolGrad wrongly; `registerWasmKernels` supplies and replaces those before first use.
 *
 * Threads: one unless FTD_WASM_THREADS asks for more (at most 8, and tfjs allows no more than the cores).
 * tfjs never uses its threaded build under Node; `startThreadedWasm` makes it start there (wasm-threads.ts
 * says how). It is opt-in because on a shared 2-core machine it measured slower (docs/wasm-threads.md).
 *
 * Imported on activation, not at load: importing the package registers a back end that outranks cpu, and
 * code that never chose one would silently change back end.
 */
export const wasmBackend: BackendCandidate = {
  name: 'wasm',
  async activate() {
    const imported = await importOptional('@tensorflow/tfjs-backend-wasm');
    if (!imported.ok) throw new BackendUnavailable(`@tensorflow/tfjs-backend-wasm ${imported.reason}`);
    registerWasmKernels();
    const { getThreadsCount, setThreadsCount } = imported.module as { getThreadsCount(): number; setThreadsCount(threads: number): void };
    const threadsWanted = wasmThreadsWanted();
    let started: boolean;
    try {
      started = threadsWanted > 1 ? await startThreadedWasm(threadsWanted, setThreadsCount, () => tf.setBackend('wasm')) : await tf.setBackend('wasm');
    } catch (error) {
      throw new BackendUnavailable(`the wasm binary failed to load: ${messageOf(error)}`);
    }
    if (!started) throw new BackendUnavailable('tfjs could not start its wasm back end (its .wasm binary did not load)');
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    const threads = getThreadsCount();
    const device = `WebAssembly${simd ? ' SIMD' : ''} (XNNPACK), ${threads} thread${threads === 1 ? '' : 's'}`;
    return { package: '@tensorflow/tfjs-backend-wasm', device };
  },
};

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
