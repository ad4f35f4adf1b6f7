import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module. There is no build step, so the worker registers tsx (the
 * CLI's loader) before importing the module; passing `--import tsx` in the worker's execArgv is not enough on
 * Node 20, which resolves a worker's entry module before such hooks are in place.
 */
export function startTypeScriptWorker(module: URL, workerData: unknown): Worker {
  const loader = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
