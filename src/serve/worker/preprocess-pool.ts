import type { Worker } from 'node:worker_threads';
import { preprocessOutcome, resultPixels, type PreprocessJob, type PreprocessResult } from './preprocess-job.ts';
import { startTypeScriptWorker } from '../../util/typescript-worker.ts';

/** Turns uploads into graph input, off the HTTP thread when it has threads. */
export interface Preprocessor {
  prepare(job: PreprocessJob): Promise<Float32Array>;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  pending: Map<number, (result: PreprocessResult) => void>;
}

/**
 * `threads` pre-processing threads, each job to the one with the fewest jobs waiting; with 0 threads the jobs
 * run on the calling thread. A thread that dies fails its jobs (500) and is replaced.
 */
export function preprocessPool(threads: number): Preprocessor {
  if (threads === 0) return { prepare: async (job) => resultPixels(await preprocessOutcome(job)), close: async () => undefined };
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
  return {
    prepare: async (job) => {
      const thread = pool.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
      const id = nextId++;
      // An upload that owns its whole buffer moves to the thread; a view into a larger one is copied first
      // (new Uint8Array, not slice(): a Node Buffer's slice() is another view of the same memory).
      const bytes = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength ? job.bytes : new Uint8Array(job.bytes);
      const result = await new Promise<PreprocessResult>((resolve) => {
        thread.pending.set(id, resolve);
        thread.worker.postMessage({ id, job: { ...job, bytes } }, [bytes.buffer as ArrayBuffer]);
      });
      return resultPixels(result);
    },
    close: async () => {
      closing = true;
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  };
}
