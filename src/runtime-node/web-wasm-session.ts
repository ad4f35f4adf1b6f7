import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { OrtSession } from '../runtime-common/ort-session.ts';
import type { GraphRole, Session, SessionFactory } from '../runtime-common/session.ts';

/**
 * onnxruntime-web's wasm EP running under Node: the same kernels a browser runs, without a browser, so parity
 * and speed of the web deployment can be checked in seconds. onnxruntime-web reads its thread count once,
 * when the first session initialises the wasm module; every later session in this process shares it.
 */

let initialisedThreads: number | undefined;

/**
 * Why onnxruntime-web's wasm binary cannot be loaded, or undefined when it is in place. Checked before the
 * module starts: a module that fails to load its binary aborts but leaves its worker threads running, and the
 * process then never exits.
 */
export function webWasmMissingReason(): string | undefined {
  let binary: URL;
  try {
    binary = new URL(import.meta.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  } catch (error) {
    return `onnxruntime-web's wasm binary cannot be resolved: ${(error as Error).message}`;
  }
  return existsSync(binary) ? undefined : `onnxruntime-web's wasm binary is missing (${fileURLToPath(binary)}); reinstall onnxruntime-web`;
}

/** The thread count the wasm module was (or will be) started with, for reports. */
export function webWasmThreads(): number {
  return initialisedThreads ?? defaultThreads();
}

/** onnxruntime-web's own default under Node: half the cores, at most 4, at least 1. */
function defaultThreads(): number {
  const cores = process.getBuiltinModule('node:os').availableParallelism();
  return Math.max(1, Math.min(4, Math.ceil(cores / 2)));
}


/**
 * A session factory for onnxruntime-web's wasm EP. `threads` fixes the module's thread count on first use;
 * asking for a different count later in the same process is refused, because it would silently be ignored.
 */
export function webWasmSessionFactory(options: { threads?: number } = {}): SessionFactory {
  const threads = options.threads ?? initialisedThreads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`web-wasm threads must be a positive integer, found ${threads}`);
  if (initialisedThreads !== undefined && initialisedThreads !== threads) {
    throw new RangeError(
      `onnxruntime-web's wasm module already runs ${initialisedThreads} thread(s) in this process; ${threads} needs a new process`,
    );
  }
  return async (model: Uint8Array, _role: GraphRole) => {
    if (initialisedThreads === undefined) {
      const missing = webWasmMissingReason();
      if (missing) throw new Error(missing);
      ort.env.wasm.numThreads = threads;
      initialisedThreads = threads;
    }
    const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return new OrtSession(session, ort.Tensor, 'wasm');
  };
}
