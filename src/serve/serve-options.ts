import { availableParallelism } from 'node:os';
import type { NodeEpRequest } from '../runtime-node/node-session.ts';
import { FlagError, FlagTypeError } from '../util/flag-error.ts';

/** What `ftd serve` is told; every limit has a default an edge server can run with. */
export interface ServeOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  readonly host?: string;
  /** 0 picks a free port; the bound address is in the result of `startServer`. */
  readonly port?: number;
  readonly ep?: NodeEpRequest;
  /** Intra-op threads for the cpu EP; 0 lets onnxruntime choose (one per core). */
  readonly threads?: number;
  /** Images per session run; also the most images one multipart request may carry. */
  readonly maxBatch?: number;
  /** Longest wait of the first queued image for requests still being read and decoded (none coming: no wait). */
  readonly maxWaitMs?: number;
  /**
   * Wait `maxWaitMs` even when no other request is being received: on a GPU a fuller batch costs almost nothing
   * more, and clients often send their next image as soon as one is answered.
   */
  readonly alwaysWait?: boolean;
  /** Images waiting for a session run beyond which requests are refused with 503. */
  readonly maxQueue?: number;
  /** Bytes of one request body, multipart framing included. */
  readonly maxBodyBytes?: number;
  /** Decoded pixels (width x height) of one image, checked from its header before decoding. */
  readonly maxPixels?: number;
  /** Faces scored per photo with ?faces=1, highest detector score first; the reply counts the others. */
  readonly maxFaces?: number;
  /** From the request's arrival to its result; past it the request gets 504. */
  readonly timeoutMs?: number;
  /** Reload the model folder when a new export is copied in. */
  readonly watch?: boolean;
  /** Quiet time after the last change in the watched folder before a reload starts. */
  readonly watchDebounceMs?: number;
  /** Let clients ask for the teacher's attention and the mask (`?attention=1`). */
  readonly attention?: boolean;
  /** Threads that decode and resize uploads; 0 does it on the HTTP thread. */
  readonly decodeThreads?: number;
  /**
   * The name Open Inference Protocol clients address the model by (/v2/models/{name}); '' (the default) uses the
   * serving export's model.json name. KServe passes the InferenceService's name here.
   */
  readonly modelName?: string;
  /** Lifecycle events (model loaded, swapped, refused, draining), one line each. */
  readonly log?: (line: string) => void;
}

export type ResolvedServeOptions = Required<Omit<ServeOptions, 'log'>> & Pick<ServeOptions, 'log'>;

export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  ep: 'auto',
  threads: 0,
  maxBatch: 32,
  maxWaitMs: 5,
  alwaysWait: false,
  maxQueue: 256,
  maxBodyBytes: 10 * 1024 * 1024,
  // 4096 x 4096: far above any face crop, and a bounded 48 MiB of decoded RGB per image.
  maxPixels: 4096 * 4096,
  // A group photo rarely shows more faces large enough to judge; each one costs a place in the queue.
  maxFaces: 16,
  timeoutMs: 10_000,
  watch: false,
  watchDebounceMs: 300,
  attention: false,
  // The HTTP thread and the detector thread need a core each; on two cores a decoding thread only adds hand-offs,
  // and beyond four, decoding is rarely what requests wait for.
  decodeThreads: Math.min(4, Math.max(0, availableParallelism() - 2)),
  modelName: '',
} as const satisfies Omit<ResolvedServeOptions, 'model' | 'log'>;

/** Fills defaults and refuses values that cannot work, naming the flag. */
export function resolveServeOptions(options: ServeOptions): ResolvedServeOptions {
  if (typeof options.model !== 'string' || options.model === '') throw new TypeError(`the model folder must be a non-empty path, found ${JSON.stringify(options.model)}`);
  const given = withoutUndefined(options);
  // The default gives way to a small --max-queue; a --max-faces given beyond it is refused below.
  const maxFaces = Math.max(1, Math.min(SERVE_DEFAULTS.maxFaces, given.maxQueue ?? SERVE_DEFAULTS.maxQueue));
  const resolved: ResolvedServeOptions = { ...SERVE_DEFAULTS, maxFaces, ...given, model: options.model };
  integerIn(resolved.port, '--port', 0, 65_535);
  integerIn(resolved.threads, '--threads', 0, 1024);
  integerIn(resolved.maxBatch, '--max-batch', 1, 4096);
  integerIn(resolved.maxWaitMs, '--max-wait-ms', 0, 60_000);
  integerIn(resolved.maxQueue, '--max-queue', 1, 1_000_000);
  integerIn(resolved.maxBodyBytes, '--max-body-bytes', 1, 2 ** 31 - 1);
  integerIn(resolved.maxPixels, '--max-pixels', 1, 2 ** 40);
  integerIn(resolved.maxFaces, '--max-faces', 1, 4096);
  integerIn(resolved.timeoutMs, '--timeout-ms', 1, 3_600_000);
  integerIn(resolved.watchDebounceMs, 'watchDebounceMs', 0, 60_000);
  integerIn(resolved.decodeThreads, '--decode-threads', 0, 256);
  if (resolved.maxQueue < resolved.maxBatch) {
    throw new FlagError('--max-queue', `--max-queue must be at least --max-batch (${resolved.maxBatch}) so a full batch can wait, found ${resolved.maxQueue}`);
  }
  if (resolved.maxFaces > resolved.maxQueue) {
    throw new FlagError('--max-faces', `--max-faces must be at most --max-queue (${resolved.maxQueue}) so one photo's faces can wait together, found ${resolved.maxFaces}`);
  }
  if (typeof resolved.modelName !== 'string' || /[/?#\s]/.test(resolved.modelName)) {
    throw new FlagTypeError('--model-name', `--model-name must be a name without /, ?, # or spaces (it is part of a URL path), found ${JSON.stringify(resolved.modelName)}`);
  }
  if (typeof resolved.host !== 'string' || resolved.host === '') throw new FlagTypeError('--host', `--host must be a host name or address, found ${JSON.stringify(resolved.host)}`);
  return resolved;
}

/** Refuses anything but an integer in [min, max], naming the flag. */
export function integerIn(value: number, flag: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FlagError(flag, `${flag} must be an integer from ${min} to ${max}, found ${value}`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
