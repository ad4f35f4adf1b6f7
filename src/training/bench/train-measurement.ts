import { backendNames, type BackendName } from '../backend/backend-choice.ts';
import type { Preset } from '../config.ts';

/** The reference the tfjs back ends are measured against: the same model and step in PyTorch. */
export const referenceName = 'torch';

/** What `--backends` accepts: every tfjs back end, then the reference. */
export const benchTargets: readonly string[] = [...backendNames, referenceName];
export type BenchTarget = BackendName | typeof referenceName;

/** What one child process is asked to time. */
export interface TrainBenchRequest {
  backend: BackendName;
  preset: Preset['name'];
  batchSize: number;
  /** Untimed steps first: shader compilation and first-use allocation happen here. */
  warmup: number;
  /** Timed steps. */
  steps: number;
  seed: number;
}

/** Where a CPU time comes from: the main thread alone (Linux's schedstat), or the whole process where that is missing. */
export type HostClock = 'main thread' | 'process';

/** One back end's timing of the training step. */
export interface TrainMeasurement {
  status: 'measured';
  backend: BenchTarget;
  package: string;
  /** The device underneath, e.g. the WebGPU adapter. */
  device: string;
  warnings: string[];
  preset: Preset['name'];
  imageSize: number;
  batchSize: number;
  warmup: number;
  steps: number;
  /** The first warm-up step alone: compilation and allocation show here. */
  firstStepSeconds: number;
  /** Each timed step, from upload to its loss read back; the last includes waiting for its update. */
  stepSeconds: number[];
  /** batchSize * steps / the timed steps' total seconds. */
  imagesPerSecond: number;
  /** Trainable scalars of the model timed: the same on every row, or the rows did not time the same model. */
  parameters: number;
  /**
   * Kernels one training step runs, counted on a separate untimed step: tfjs kernel invocations (reshapes
   * included), or PyTorch's leaf operator calls.
   */
  kernelsPerStep: number;
  /** WebGPU only: compute programs dispatched to the device in that step (kernels that are not views). */
  gpuProgramsPerStep?: number;
  /** Invocations per kernel name in that step, most first (tfjs back ends). */
  kernelCounts?: Record<string, number>;
  /** CPU time of `hostClock` per timed step, in seconds: on a GPU back end, the host's cost of dispatching. */
  hostSecondsPerStep: number;
  hostClock: HostClock;
  /** The timed steps on the monotonic clock in microseconds, the clock of V8's CPU profiles (tfjs back ends). */
  timedWindowMicroseconds?: [number, number];
}

/** A back end that could not be timed here, and why. */
export interface TrainNotMeasured {
  status: 'unavailable' | 'failed';
  backend: string;
  reason: string;
}

export type TrainBenchRow = TrainMeasurement | TrainNotMeasured;

const benchTargetSet = new Set(benchTargets);

/**
 * Checks the JSON a child process printed (its last line of stdout: tfjs and Dawn may print before it),
 * so a crash or a stray line reads as a clear error naming the back end, not a TypeError later.
 */
export function parseChildOutput(stdout: string, backend: string): TrainBenchRow {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new TypeError(`the ${backend} benchmark process printed no JSON result; its last line was ${JSON.stringify(last.slice(0, 200))}`);
  }
  if (typeof parsed !== 'object' || parsed === null || !benchTargetSet.has(String((parsed as { backend?: unknown }).backend))) {
    throw new TypeError(`the ${backend} benchmark process printed ${last.slice(0, 200)}; expected an object with a back-end name`);
  }
  const row = parsed as Record<string, unknown>;
  if (row.status === 'unavailable' || row.status === 'failed') {
    if (typeof row.reason !== 'string') throw new TypeError(`the ${backend} benchmark process reported ${row.status} without a reason`);
    return { status: row.status, backend: String(row.backend), reason: row.reason };
  }
  if (row.status !== 'measured') throw new TypeError(`the ${backend} benchmark process reported status ${JSON.stringify(row.status)}; expected measured, unavailable or failed`);
  const times = row.stepSeconds;
  if (!Array.isArray(times) || times.length === 0 || !times.every((t) => typeof t === 'number' && t > 0)) {
    throw new TypeError(`the ${backend} benchmark process reported stepSeconds ${JSON.stringify(times)}; expected positive numbers`);
  }
  for (const field of ['imagesPerSecond', 'firstStepSeconds', 'batchSize', 'imageSize', 'steps', 'parameters', 'kernelsPerStep']) {
    const value = row[field];
    if (typeof value !== 'number' || !(value > 0)) throw new TypeError(`the ${backend} benchmark process reported ${field} ${JSON.stringify(value)}; expected a positive number`);
  }
  if (typeof row.hostSecondsPerStep !== 'number' || !(row.hostSecondsPerStep >= 0)) {
    throw new TypeError(`the ${backend} benchmark process reported hostSecondsPerStep ${JSON.stringify(row.hostSecondsPerStep)}; expected a number >= 0`);
  }
  for (const field of ['package', 'device', 'preset', 'hostClock']) {
    if (typeof row[field] !== 'string') throw new TypeError(`the ${backend} benchmark process reported ${field} ${JSON.stringify(row[field])}; expected a string`);
  }
  return row as unknown as TrainMeasurement;
}
