import type { Worker } from 'node:worker_threads';
import type { Detection, Detector } from '../../runtime-common/detector.ts';
import type { DetectedFace } from '../../runtime-common/faces/face-finder.ts';
import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import type { ParityReport } from '../../runtime-common/run-parity.ts';
import type { NodeEp, NodeEpRequest } from '../../runtime-node/node-session.ts';
import { fromErrorMessage, type DetectorWorkerData, type WorkerReply, type WorkerRequest } from './protocol.ts';
import { startTypeScriptWorker } from '../../util/typescript-worker.ts';

/** A detector whose sessions live in a thread of their own (see detector-thread.ts), opened and self-checked. */
export interface OpenedWorkerDetector {
  readonly detector: Detector;
  /** The model's face detector in the same thread; undefined when model.json has no face graph. */
  readonly faces: ThreadFaceFinder | undefined;
  readonly manifestSha256: string;
  readonly selfCheck: ParityReport;
  readonly skippedEps: ReadonlyArray<{ ep: NodeEp; reason: string }>;
}

/**
 * Starts a detector thread for a model folder and waits until it has opened the model and run its self-check;
 * rejects with the thread's error (unreadable folder, sha256 mismatch, no EP) as it was thrown there.
 */
export function openWorkerDetector(folder: string, options: { ep: NodeEpRequest; threads: number }): Promise<OpenedWorkerDetector> {
  const data: DetectorWorkerData = { folder, ep: options.ep, threads: options.threads };
  const worker = startTypeScriptWorker(new URL('./detector-thread.ts', import.meta.url), data);
  return new Promise((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`the detector thread for ${folder} exited with code ${code} before opening the model`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', (reply: WorkerReply) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      if (reply.kind === 'opened') {
        const detector = new WorkerDetector(worker, reply.manifest, reply.ep);
        const faces: ThreadFaceFinder | undefined = reply.faces ? { find: (image) => detector.findFaces(image) } : undefined;
        resolve({ detector, faces, manifestSha256: reply.manifestSha256, selfCheck: reply.selfCheck, skippedEps: reply.skippedEps });
      } else {
        void worker.terminate();
        reject(reply.kind === 'open-failed' ? fromErrorMessage(reply.error) : new Error(`the detector thread answered ${reply.kind} before opening the model`));
      }
    });
  });
}

/** The face detector of a model whose sessions live in the detector thread. */
export interface ThreadFaceFinder {
  /**
   * The photo's faces, sorted by score, highest first. The photo's buffer moves to the thread and back without
   * a copy, so `image` is detached afterwards; use the image returned with the faces.
   */
  find(image: DecodedImage): Promise<{ faces: DetectedFace[]; image: DecodedImage }>;
}

type Answer = Extract<WorkerReply, { kind: 'detected' | 'faces-found' }>;

/**
 * The Detector interface over the thread. `detect` moves the images' buffer to the thread rather than copying it
 * (a batch of 224 px images is megabytes): the caller's array is detached afterwards.
 */
class WorkerDetector implements Detector {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: Answer) => void; reject: (error: Error) => void }>();
  private stopped: Error | undefined;
  private released: Promise<void> | undefined;

  constructor(
    private readonly worker: Worker,
    readonly manifest: ModelManifest,
    readonly ep: string,
  ) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind !== 'detected' && reply.kind !== 'faces-found' && reply.kind !== 'detect-failed') return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.kind === 'detect-failed') waiting?.reject(fromErrorMessage(reply.error));
      else waiting?.resolve(reply);
    });
    worker.on('error', (error) => this.stop(new Error(`the detector thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`the detector thread exited with code ${code}`)));
  }

  async detect(images: Float32Array, n: number): Promise<Detection> {
    const whole = images.byteOffset === 0 && images.byteLength === images.buffer.byteLength;
    const moved = whole ? images : images.slice();
    const reply = await this.ask((id) => ({ kind: 'detect', id, images: moved, n }), moved.buffer as ArrayBuffer);
    if (reply.kind !== 'detected') throw new Error(`the detector thread answered ${reply.kind} to detect`);
    return reply.detection;
  }

  async findFaces(image: DecodedImage): Promise<{ faces: DetectedFace[]; image: DecodedImage }> {
    const reply = await this.ask((id) => ({ kind: 'find-faces', id, image }), image.data.buffer as ArrayBuffer);
    if (reply.kind !== 'faces-found') throw new Error(`the detector thread answered ${reply.kind} to find-faces`);
    return { faces: reply.faces, image: reply.image };
  }

  private ask(request: (id: number) => WorkerRequest, transfer: ArrayBuffer): Promise<Answer> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request(id), [transfer]);
    });
  }

  release(): Promise<void> {
    this.released ??= new Promise<void>((resolve) => {
      if (this.stopped) return resolve();
      this.worker.once('exit', () => resolve());
      // The thread closes its port once its sessions are released; terminating makes sure it also ends.
      this.worker.on('message', (reply: WorkerReply) => void (reply.kind === 'released' && this.worker.terminate()));
      this.worker.postMessage({ kind: 'release' } satisfies WorkerRequest);
    });
    return this.released;
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
  }
}
