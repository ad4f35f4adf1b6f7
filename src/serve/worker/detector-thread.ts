import { parentPort, workerData } from 'node:worker_threads';
import type { Detection } from '../../runtime-common/detector.ts';
import { openCheckedDetector } from './checked-detector.ts';
import { toErrorMessage, type DetectorWorkerData, type WorkerReply, type WorkerRequest } from './protocol.ts';

/**
 * The detector thread's entry: opens the model (and its face detector) and runs its self-check here, then
 * scores batches and finds faces on request. onnxruntime-node runs a session synchronously on the calling
 * thread, so on the server's main thread every run would stop all HTTP work for its duration; here the next
 * batch's requests are read, decoded and queued while this one runs.
 */
const port = parentPort!;
const { folder, ep, threads } = workerData as DetectorWorkerData;
const post = (reply: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

try {
  const { detector, faces, manifest, manifestSha256, selfCheck, skippedEps } = await openCheckedDetector(folder, { ep, threads });
  port.on('message', async (request: WorkerRequest) => {
    if (request.kind === 'release') {
      await faces?.release();
      await detector.release();
      post({ kind: 'released' });
      port.close();
      return;
    }
    try {
      if (request.kind === 'detect') {
        const detection = await detector.detect(request.images, request.n);
        post({ kind: 'detected', id: request.id, detection }, buffersOf(detection));
        return;
      }
      if (!faces) throw new Error(`${folder}/model.json has no face graph`);
      const found = await faces.detect(request.image);
      post({ kind: 'faces-found', id: request.id, faces: found, image: request.image }, [request.image.data.buffer as ArrayBuffer]);
    } catch (error) {
      post({ kind: 'detect-failed', id: request.id, error: toErrorMessage(error) });
    }
  });
  post({ kind: 'opened', manifest, manifestSha256, ep: detector.ep, selfCheck, skippedEps, faces: faces !== undefined });
} catch (error) {
  post({ kind: 'open-failed', error: toErrorMessage(error) });
  port.close();
}

/** Each distinct buffer under the detection's arrays, once (a buffer listed twice cannot be transferred). */
function buffersOf(detection: Detection): ArrayBuffer[] {
  const arrays = [detection.prob, detection.attention, detection.mask, detection.logit, detection.vitLogit, detection.cnnLogit];
  return [...new Set(arrays.filter((array) => array !== undefined).map((array) => array.buffer as ArrayBuffer))];
}
