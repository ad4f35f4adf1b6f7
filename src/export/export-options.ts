import type { BackendRequest } from '../training/backend/index.ts';
import { FlagError, FlagTypeError } from '../util/flag-error.ts';

/** A fixed batch size baked into the graphs, or 'dynamic' for the symbolic batch dimension "N". */
export type ExportBatch = 'dynamic' | number;

export interface ExportOptions {
  /** The run folder written by `ftd train` (checkpoint.safetensors + run.json). */
  readonly run: string;
  /** The model folder to create; it must not exist unless `force`. */
  readonly out: string;
  /** Also write detector.onnx, the whole method in one graph (not possible for a `random` mask). */
  readonly fused?: boolean;
  /** Default 'dynamic'. */
  readonly batch?: ExportBatch;
  /** Fold each BatchNorm into its convolution (default) or keep BatchNormalization nodes. */
  readonly foldBatchNorm?: boolean;
  /** Also write face.onnx, the face detector photos go through first (default true). */
  readonly faces?: boolean;
  /** Replace `out` when it exists. */
  readonly force?: boolean;
  /** Images whose tfjs outputs become test_data_set_0; default: fixtures/faces (see `defaultReferenceFiles`). */
  readonly images?: readonly string[];
  /** The tfjs back end that computes the reference outputs; default 'cpu', whose float32 kernels are exact. */
  readonly backend?: BackendRequest;
  /** Also write a Triton model repository of the fused detector here (implies `fused`; needs a dynamic batch). */
  readonly triton?: string;
  /** The Triton config's max_batch_size; default 32. */
  readonly tritonMaxBatch?: number;
  /** Progress lines (one per phase); silent when absent. */
  readonly log?: (line: string) => void;
}

/** Reads `--batch`: "dynamic" or a positive integer (a number or its decimal text). */
export function parseBatch(value: unknown, flag = '--batch'): ExportBatch {
  if (value === 'dynamic') return 'dynamic';
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number') {
    throw new FlagTypeError(flag, `${flag} must be "dynamic" or a positive integer, found ${JSON.stringify(value)}`);
  }
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new FlagError(flag, `${flag} must be "dynamic" or a positive integer, found ${number}`);
  }
  return number;
}
