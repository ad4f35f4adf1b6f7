import { parentPort } from 'node:worker_threads';
import { preprocessOutcome, type PreprocessJob } from './preprocess-job.ts';

/**
 * A pre-processing thread: decodes uploads and resizes them for the model. Each sharp call costs the calling
 * thread real time (its options cross into native code), and the resize is plain JavaScript; on the HTTP
 * thread both would cap the requests a server can take, however many cores it has.
 */
const port = parentPort!;
port.on('message', async ({ id, job }: { id: number; job: PreprocessJob }) => {
  const result = await preprocessOutcome(job);
  port.postMessage({ id, result }, 'pixels' in result ? [result.pixels.buffer as ArrayBuffer] : []);
});
