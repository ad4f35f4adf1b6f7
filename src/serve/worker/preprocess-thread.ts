import { parentPort } from 'node:worker_threads';
import { preprocessOutcome, resultTransfers, type PreprocessTask } from './preprocess-job.ts';

/**
 * A pre-processing thread: decodes uploads, resizes them (or the faces cut from them) for the model. Each sharp
 * call costs the calling thread real time (its options cross into native code), and the resize is plain
 * JavaScript; on the HTTP thread both would cap the requests a server can take, however many cores it has.
 */
const port = parentPort!;
port.on('message', async ({ id, task }: { id: number; task: PreprocessTask }) => {
  const result = await preprocessOutcome(task);
  port.postMessage({ id, result }, resultTransfers(result));
});
