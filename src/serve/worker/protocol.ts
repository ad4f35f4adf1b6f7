import type { Detection } from '../../runtime-common/detector.ts';
import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
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
    }
  | { readonly kind: 'open-failed'; readonly error: ErrorMessage }
  | { readonly kind: 'detected'; readonly id: number; readonly detection: Detection }
  | { readonly kind: 'detect-failed'; readonly id: number; readonly error: ErrorMessage }
  | { readonly kind: 'released' };

export type WorkerRequest = { readonly kind: 'detect'; readonly id: number; readonly images: Float32Array; readonly n: number } | { readonly kind: 'release' };

export function toErrorMessage(error: unknown): ErrorMessage {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
}

export function fromErrorMessage({ name, message }: ErrorMessage): Error {
  const error = name === 'TypeError' ? new TypeError(message) : name === 'RangeError' ? new RangeError(message) : new Error(message);
  if (error.name !== name) error.name = name;
  return error;
}
