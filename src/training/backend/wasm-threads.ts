import type { CpuInfo } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Threads for tfjs's wasm back end under Node, with the published 4.22 binaries.
 *
 * tfjs ships a threaded SIMD build but never uses it under Node: its WASM_HAS_MULTITHREAD_SUPPORT flag is
 * false whenever IS_NODE is true (tfjs issue 3830). Forcing the flag fails at start-up with ERR_WORKER_PATH,
 * because tfjs gives Emscripten's pthread workers a `blob:` URL, which Node's `worker_threads.Worker` rejects.
 * This project carries two patches of globals, in place only while the back end initialises, and one fix-up:
 *
 * - `URL.createObjectURL`, for the worker-script Blob, returns the path of `wasm-pthread-worker.cjs`, which
 *   runs Emscripten's worker script (it supports Node) with the main script taken from the package's files.
 * - `os.cpus()` lists every core twice. tfjs's C++ caps the pool at half the logical cores, whatever
 *   `setThreadsCount` asks for (it assumes two hyper-threads per core); on a 2-core machine that is 1 thread.
 *   With the list doubled, the cap is the number of cores.
 * - Emscripten `ref()`s a worker while its pthread runs; XNNPACK's pool threads never end, so the running
 *   workers are `unref()`ed once started, or no process that used wasm would exit.
 *
 * tfjs's build pre-creates 8 workers, and its pool start blocks the main thread until every pool thread has
 * started, so a 9th worker (loaded asynchronously) would deadlock: 8 threads at most.
 */
export const maxWasmThreads = 8;

/**
 * Threads wanted: FTD_WASM_THREADS, 1 when unset. 1 loads tfjs's single-threaded SIMD build, as tfjs itself
 * does under Node. Not one per core by default: on a shared 2-core machine two threads made a training step
 * slower, not faster (docs/wasm-threads.md has the numbers). tfjs still caps the count at the cores there are.
 */
export function wasmThreadsWanted(env: Record<string, string | undefined> = process.env): number {
  const setting = env.FTD_WASM_THREADS;
  if (setting === undefined || setting.trim() === '') return 1;
  const threads = Number(setting.trim());
  if (!Number.isInteger(threads) || threads < 1 || threads > maxWasmThreads) {
    throw new RangeError(`FTD_WASM_THREADS must be a whole number from 1 to ${maxWasmThreads}; got "${setting}"`);
  }
  return threads;
}

const pthreadWorkerScript = fileURLToPath(new URL('./wasm-pthread-worker.cjs', import.meta.url));

/** `node:os` as CommonJS code sees it (tfjs's bundle calls `require('os').cpus()`), so it can be patched. */
const os = createRequire(import.meta.url)('node:os') as { cpus: () => CpuInfo[] };

interface EmscriptenModule {
  PThread?: { runningWorkers?: Array<{ unref?: () => void }> };
}

/**
 * Runs `start` (which must initialise the wasm back end, i.e. `tf.setBackend('wasm')`) so that tfjs loads
 * its threaded build with `threads` threads. `setThreadsCount` is tfjs-backend-wasm's.
 */
export async function startThreadedWasm(threads: number, setThreadsCount: (threads: number) => void, start: () => Promise<boolean>): Promise<boolean> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (object: Blob) =>
    object instanceof Blob && object.type === 'application/javascript' ? pthreadWorkerScript : createObjectURL.call(URL, object);
  os.cpus = () => {
    const listed = cpus.call(os);
    return [...listed, ...listed];
  };
  let started = false;
  try {
    started = await start();
    if (started) {
      const module = (tf.findBackend('wasm') as { wasm?: EmscriptenModule } | null)?.wasm;
      for (const worker of module?.PThread?.runningWorkers ?? []) worker.unref?.();
    }
    return started;
  } finally {
    if (!started) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
}
