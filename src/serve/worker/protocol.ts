import type { Detection } from '../../runtime-common/detector.ts';
import type { DetectedFace } from '../../runtime-common/faces/face-finder.ts';
import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
import type { DecodedImage } from '../../runtime-common/preprocess.ts';
import type { ParityReport } from '../../runtime-common/run-parity.ts';
import type { NodeEp, NodeEpRequest } from '../../runtime-node/node-session.ts';

/** The messages between the server and its detector thread. Typed arrays travel as transferred buffers. */

export interface DetectorWorkerData {
  readonly folder: string;
  readonly ep: NodeEpRequest;
  readonly threads: number;
}

/** An error as it crosses threads: enough to rebuild it with its class and message. */
export interface ErrorMessage {
  readonly name: string;
  readonly message: string;
}

export type WorkerReply =
  | {
      readonly kind: 'opened';
      readonly manifest: ModelManifest;
      readonly manifestSha256: string;
      readonly ep: string;
      readonly selfCheck: ParityReport;
      readonly skippedEps: Array<{ ep: NodeEp; reason: string }>;
      /** Whether the model has a face detector (face.onnx), opened beside the forgery detector. */
      readonly faces: boolean;
    }
  | { readonly kind: 'open-failed'; readonly error: ErrorMessage }
  | { readonly kind: 'detected'; readonly id: number; readonly detection: Detection }
  /** The photo comes back with its faces: it moved to the thread and is moved back, never copied. */
  | { readonly kind: 'faces-found'; readonly id: number; readonly faces: DetectedFace[]; readonly image: DecodedImage }
  /** A detect or find-faces request failed. */
  | { readonly kind: 'detect-failed'; readonly id: number; readonly error: ErrorMessage }
  | { readonly kind: 'released' };

export type WorkerRequest =
  | { readonly kind: 'detect'; readonly id: number; readonly images: Float32Array; readonly n: number }
  | { readonly kind: 'find-faces'; readonly id: number; readonly image: DecodedImage }
  | { readonly kind: 'release' };

export function toErrorMessage(error: unknown): ErrorMessage {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

export function fromErrorMessage({ name, message }: ErrorMessage): Error {
  const error = name === 'TypeError' ? new TypeError(message) : name === 'RangeError' ? new RangeError(message) : new Error(message);
  if (error.name !== name) error.name = name;
  return error;
}
