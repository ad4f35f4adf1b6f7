import type { Worker } from 'node:worker_threads';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import { ownedImage, preprocessOutcome, resultImage, resultPixels, type CropJob, type DecodeJob, type PreprocessJob, type PreprocessResult, type PreprocessTask } from './preprocess-job.ts';
import { startTypeScriptWorker } from '../../util/typescript-worker.ts';

/** Turns uploads into graph input, off the HTTP thread when it has threads. */
export interface Preprocessor {
  /** An upload -> [3, S, S] for the model. */
  prepare(job: PreprocessJob): Promise<Float32Array>;
  /** An upload -> its decoded pixels, whole (for the face detector). */
  decode(job: DecodeJob): Promise<DecodedImage>;
  /** The faces of a decoded photo -> [n, 3, S, S]; the photo's buffer moves to the thread (detached here). */
  crop(job: CropJob): Promise<Float32Array>;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  pending: Map<number, (result: PreprocessResult) => void>;
}

/**
 * `threads` pre-processing threads, each task to the one with the fewest tasks waiting; with 0 threads the
 * tasks run on the calling thread. A thread that dies fails its tasks (500) and is replaced.
 */
export function preprocessPool(threads: number): Preprocessor {
  const run: RunTask = threads === 0 ? preprocessOutcome : threadPool(threads);
  return {
    prepare: async (job) => resultPixels(await run({ kind: 'prepare', job })),
    decode: async (job) => resultImage(await run({ kind: 'decode', job })),
    crop: async (job) => resultPixels(await run({ kind: 'crop', job })),
    close: run.close ?? (async () => undefined),
  };
}

type RunTask = ((task: PreprocessTask) => Promise<PreprocessResult>) & { close?: () => Promise<void> };


function threadPool(threads: number): RunTask & { close: () => Promise<void> } {
  let nextId = 0;
  let closing = false;
  const pool: Thread[] = [];
  const start = (): Thread => {
    const thread: Thread = { worker: startTypeScriptWorker(new URL('./preprocess-thread.ts', import.meta.url), undefined), pending: new Map() };
    thread.worker.on('message', ({ id, result }: { id: number; result: PreprocessResult }) => {
      const resolve = thread.pending.get(id);
      thread.pending.delete(id);
      resolve?.(result);
    });
    const fail = (why: string) => {
      for (const resolve of thread.pending.values()) resolve({ error: { statusCode: 500, kind: 'internal', message: why } });
      thread.pending.clear();
      const index = pool.indexOf(thread);
      if (index >= 0 && !closing) pool[index] = start();
    };
    thread.worker.on('error', (error) => fail(`a pre-processing thread failed: ${error.message}`));
    thread.worker.on('exit', (code) => fail(`a pre-processing thread exited with code ${code}`));
    return thread;
  };
  for (let i = 0; i < threads; i++) pool.push(start());
  const run = (task: PreprocessTask) => {
    const thread = pool.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = nextId++;
    const owned = ownedInput(task);
    return new Promise<PreprocessResult>((resolve) => {
      thread.pending.set(id, resolve);
      thread.worker.postMessage({ id, task: owned }, [inputBuffer(owned)]);
    });
  };
  return Object.assign(run, {
    close: async () => {
      closing = true;
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  });
}

/** The task over input buffers of its own, which can move to a thread without detaching anyone else's memory. */
function ownedInput(task: PreprocessTask): PreprocessTask {
  if (task.kind === 'crop') return { kind: 'crop', job: { ...task.job, image: ownedImage(task.job.image) } };
  if (task.kind === 'decode') return { kind: 'decode', job: { ...task.job, bytes: ownedBytes(task.job.bytes) } };
  return { kind: 'prepare', job: { ...task.job, bytes: ownedBytes(task.job.bytes) } };
}

function inputBuffer(task: PreprocessTask): ArrayBuffer {
  return (task.kind === 'crop' ? task.job.image.data.buffer : task.job.bytes.buffer) as ArrayBuffer;
}

/**
 * An upload that owns its whole buffer moves to the thread; a view into a larger one is copied first
 * (new Uint8Array, not slice(): a Node Buffer's slice() is another view of the same memory).
 */
function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
