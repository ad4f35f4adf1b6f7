import { cpus, loadavg } from 'node:os';
import { writeFileAtomic } from '../../util/atomic.ts';
import { backendNames, type BackendName } from '../backend/backend-choice.ts';
import { presets, type Preset } from '../config.ts';
import { formatTrainBench } from './format-train-bench.ts';
import { runChild } from './run-child.ts';
import type { TrainBenchRow } from './train-measurement.ts';

export interface BenchTrainOptions {
  /** Default: small. */
  preset?: Preset['name'];
  /** Timed in this order, each in its own process; default webgpu, cpu. */
  backends?: string[];
  /** Timed steps per back end; default 5. */
  steps?: number;
  /** Untimed steps first, at least 1; default 2. */
  warmup?: number;
  /** Default: the preset's. */
  batchSize?: number;
  /** Also write the result as JSON to this file. */
  json?: string;
  log?: (line: string) => void;
}

export interface BenchTrainResult {
  rows: TrainBenchRow[];
  /** How busy the machine was: one-minute load averages around the whole benchmark. */
  machine: { cores: number; loadBefore: number; loadAfter: number };
  /** The markdown table printed by `ftd bench train`. */
  table: string;
}

/**
 * `ftd bench train`: images per second of a training step on each back end, on synthetic batches. The back
 * ends run one after another, never side by side, so they do not compete for the cores.
 */
export async function benchTrain(options: BenchTrainOptions = {}): Promise<BenchTrainResult> {
  const log = options.log ?? (() => undefined);
  const preset = options.preset ?? 'small';
  if (!(preset in presets)) throw new RangeError(`--preset must be one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(preset)}`);
  const backends = options.backends ?? ['webgpu', 'cpu'];
  if (backends.length === 0) throw new RangeError(`--backends is empty; name one or more of ${backendNames.join(', ')}`);
  for (const name of backends) {
    if (!(backendNames as readonly string[]).includes(name)) throw new RangeError(`--backends: "${name}" is not a back end; expected ${backendNames.join(', ')}`);
  }
  const steps = integerAtLeast('--steps', options.steps ?? 5, 1);
  const warmup = integerAtLeast('--warmup', options.warmup ?? 2, 1);
  const batchSize = integerAtLeast('--batch', options.batchSize ?? presets[preset].train.batchSize, 1);

  const loadBefore = loadavg()[0]!;
  const rows: TrainBenchRow[] = [];
  for (const backend of backends as BackendName[]) {
    log(`timing ${preset} training steps (batch ${batchSize}, ${warmup} warm-up + ${steps} timed) on ${backend}`);
    const row = await runChild({ backend, preset, batchSize, warmup, steps, seed: 0 }, log);
    if (row.status === 'measured') {
      for (const warning of row.warnings) log(`  ${backend} warning: ${warning}`);
      log(`  ${backend} on ${row.device}: ${row.imagesPerSecond.toFixed(2)} img/s`);
    } else {
      log(`  ${backend} ${row.status}: ${row.reason}`);
    }
    rows.push(row);
  }
  const machine = { cores: cpus().length, loadBefore, loadAfter: loadavg()[0]! };
  const result = { rows, machine, table: formatTrainBench(rows, machine) };
  if (options.json !== undefined) await writeFileAtomic(options.json, `${JSON.stringify({ rows, machine }, null, 2)}\n`);
  if (!rows.some((row) => row.status === 'measured')) {
    throw new RangeError(`no back end could be timed:\n${rows.map((row) => `  ${row.backend}: ${(row as { reason: string }).reason}`).join('\n')}`);
  }
  return result;
}

function integerAtLeast(flag: string, value: number, minimum: number): number {
  if (typeof value !== 'number') throw new TypeError(`${flag} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < minimum) throw new RangeError(`${flag} must be an integer >= ${minimum}, got ${value}`);
  return value;
}
