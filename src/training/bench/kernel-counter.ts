import * as tf from '@tensorflow/tfjs-core';

export interface KernelCount {
  /** tfjs kernel invocations, reshapes and other views included. */
  kernels: number;
  /** Programs dispatched to a WebGPU device; undefined on back ends that have none. */
  gpuPrograms: number | undefined;
  /** Invocations per kernel name, most first. */
  byName: Record<string, number>;
}

/**
 * Counts the kernels `run` launches by wrapping, for its duration only, the engine's one entry point for
 * registered kernels and, on WebGPU, the back end's one entry point for dispatches. Cheaper and quieter than
 * tf.profile, which times every kernel and, where the back end has no timer, reads every output back.
 */
export async function countKernels(run: () => Promise<void>): Promise<KernelCount> {
  const byName = new Map<string, number>();
  let gpuPrograms = 0;
  const engine = tf.engine() as unknown as Record<string, unknown>;
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const restoreEngine = wrapMethod(engine, 'runKernelFunc', (params: { kernelName?: string }) => {
    // Custom-gradient scopes come through here too, with no kernel name; the kernels inside them are counted.
    if (params.kernelName !== undefined) byName.set(params.kernelName, (byName.get(params.kernelName) ?? 0) + 1);
  });
  const hasPrograms = typeof backend.runWebGPUProgram === 'function';
  const restoreBackend = hasPrograms ? wrapMethod(backend, 'runWebGPUProgram', () => void gpuPrograms++) : () => undefined;
  try {
    await run();
  } finally {
    restoreBackend();
    restoreEngine();
  }
  const sorted = [...byName].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    kernels: sorted.reduce((sum, [, count]) => sum + count, 0),
    gpuPrograms: hasPrograms ? gpuPrograms : undefined,
    byName: Object.fromEntries(sorted),
  };
}

/** Shadows `target[name]` with a method that calls `before` and then the original; returns the undo. */
function wrapMethod<A>(target: Record<string, unknown>, name: string, before: (argument: A) => void): () => void {
  const own = Object.getOwnPropertyDescriptor(target, name);
  const original = target[name] as (this: unknown, ...args: unknown[]) => unknown;
  target[name] = function (this: unknown, ...args: unknown[]) {
    before(args[0] as A);
    return original.apply(this, args);
  };
  return () => {
    if (own) Object.defineProperty(target, name, own);
    else delete target[name];
  };
}
