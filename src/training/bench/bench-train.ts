import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { BackendName } from '../backend/backend-choice.ts';
import { presets, type Preset } from '../config.ts';
import { formatSelfTime, topSelfTime, type CpuProfile, type SelfTime } from './cpu-profile.ts';
import { formatTrainBench, ratiosToReference } from './format-train-bench.ts';
import { cpuProfilePath, runChild } from './run-child.ts';
import { defaultPython, runReference } from './run-reference.ts';
import { benchTargets, referenceName, type TrainBenchRow } from './train-measurement.ts';
import { FlagError, FlagTypeError } from '../../util/flag-error.ts';

export interface BenchTrainOptions {
  /** Default: small. */
  preset?: Preset['name'];
  /** tfjs back ends and `torch` (the PyTorch reference), timed in this order, each in its own process; default wasm, webgpu, cpu, torch. */
  backends?: string[];
  /** Timed steps per back end; default 5. */
  steps?: number;
  /** Untimed steps first, at least 1; default 2. */
  warmup?: number;
  /** Default: the preset's. */
  batchSize?: number;
  /** The Python that runs the torch row; default Debian's /usr/bin/python3 (python3-torch). */
  python?: string;
  /** Run each tfjs back end's process under V8's CPU profiler, write its profile here and summarise it. */
  cpuProfileDirectory?: string;
  /** Also write the result as JSON to this file. */
  json?: string;
  log?: (line: string) => void;
}

export interface ProfileSummary {
  backend: BackendName;
  file: string;
  /** Whether only the timed steps were counted (the child reported their window), or the whole process. */
  scope: 'timed steps' | 'whole process';
  top: SelfTime[];
}

export interface BenchTrainResult {
  rows: TrainBenchRow[];
  /** How busy the machine was: one-minute load averages around the whole benchmark. */
  machine: { cores: number; loadBefore: number; loadAfter: number };
  /** Each measured back end's img/s over the torch row's, when that row was measured. */
  vsTorch: Record<string, number>;
  profiles: ProfileSummary[];
  /** The markdown table printed by `ftd bench train`. */
  table: string;
  /** The table, then each CPU profile's top functions: what `ftd bench train` prints. */
  report: string;
}

/**
 * `ftd bench train`: images per second of a training step on each back end, on synthetic batches, against
 * PyTorch training the same model with the same batch on all the cores. The back ends run one after
 * another, never side by side, so they do not compete for the cores.
 */
export async function benchTrain(options: BenchTrainOptions = {}): Promise<BenchTrainResult> {
  const log = options.log ?? (() => undefined);
  const preset = options.preset ?? 'small';
  if (!(preset in presets)) throw new FlagError('--preset', `--preset must be one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(preset)}`);
  const backends = options.backends ?? ['wasm', 'webgpu', 'cpu', referenceName];
  if (backends.length === 0) throw new FlagError('--backends', `--backends is empty; name one or more of ${benchTargets.join(', ')}`);
  for (const name of backends) {
    if (!benchTargets.includes(name)) throw new FlagError('--backends', `--backends: "${name}" is not a back end; expected ${benchTargets.join(', ')}`);
  }
  const steps = integerAtLeast('--steps', options.steps ?? 5, 1);
  const warmup = integerAtLeast('--warmup', options.warmup ?? 2, 1);
  const batchSize = integerAtLeast('--batch', options.batchSize ?? presets[preset].train.batchSize, 1);
  const python = options.python ?? defaultPython;
  if (typeof python !== 'string' || python === '') throw new FlagTypeError('--python', `--python must be the path of a Python executable, got ${JSON.stringify(python)}`);
  const profileDirectory = options.cpuProfileDirectory;
  if (profileDirectory !== undefined) {
    if (typeof profileDirectory !== 'string' || profileDirectory === '') throw new FlagTypeError('--cpu-prof', `--cpu-prof must name a folder, got ${JSON.stringify(profileDirectory)}`);
    await mkdir(profileDirectory, { recursive: true });
  }

  const loadBefore = loadavg()[0]!;
  const rows: TrainBenchRow[] = [];
  const profiles: ProfileSummary[] = [];
  for (const backend of backends) {
    log(`timing ${preset} training steps (batch ${batchSize}, ${warmup} warm-up + ${steps} timed) on ${backend}`);
    let row: TrainBenchRow;
    if (backend === referenceName) {
      if (profileDirectory !== undefined) log(`  ${backend}: --cpu-prof profiles the Node processes only; PyTorch runs unprofiled`);
      const { model, train } = presets[preset];
      row = await runReference({ preset, model, train, batchSize, warmup, steps, threads: availableParallelism(), seed: 0 }, python, log);
    } else {
      row = await runChild({ backend: backend as BackendName, preset, batchSize, warmup, steps, seed: 0 }, log, profileDirectory);
      if (profileDirectory !== undefined) profiles.push(...(await summariseProfile(backend as BackendName, row, profileDirectory, log)));
    }
    if (row.status === 'measured') {
      for (const warning of row.warnings) log(`  ${backend} warning: ${warning}`);
      log(`  ${backend} on ${row.device}: ${row.imagesPerSecond.toFixed(2)} img/s`);
    } else {
      log(`  ${backend} ${row.status}: ${row.reason}`);
    }
    rows.push(row);
  }
  warnOnDifferentModels(rows, log);
  const machine = { cores: cpus().length, loadBefore, loadAfter: loadavg()[0]! };
  const vsTorch = ratiosToReference(rows);
  const table = formatTrainBench(rows, machine);
  const profileText = profiles.map((profile) =>
    `CPU profile of ${profile.backend} (${profile.scope}), top self time: ${profile.file}\n\n${formatSelfTime(profile.top, process.cwd())}`);
  const report = [table, ...profileText].join('\n\n');
  if (options.json !== undefined) await writeFileAtomic(options.json, `${JSON.stringify({ rows, machine, vsTorch, profiles }, null, 2)}\n`);
  if (!rows.some((row) => row.status === 'measured')) {
    throw new RangeError(`no back end could be timed:\n${rows.map((row) => `  ${row.backend}: ${(row as { reason: string }).reason}`).join('\n')}`);
  }
  return { rows, machine, vsTorch, profiles, table, report };
}

/** Reads the profile a child wrote, keeping the timed steps only when the child said when they were. */
async function summariseProfile(backend: BackendName, row: TrainBenchRow, directory: string, log: (line: string) => void): Promise<ProfileSummary[]> {
  const file = cpuProfilePath(directory, backend);
  let profile: CpuProfile;
  try {
    profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  } catch (error) {
    log(`  ${backend}: no CPU profile to read at ${file}: ${(error as Error).message}`);
    return [];
  }
  const window = row.status === 'measured' ? row.timedWindowMicroseconds : undefined;
  return [{ backend, file, scope: window ? 'timed steps' : 'whole process', top: topSelfTime(profile, { window }) }];
}

/** The rows only compare if they timed one architecture; the parameter count is its cheapest fingerprint. */
function warnOnDifferentModels(rows: readonly TrainBenchRow[], log: (line: string) => void): void {
  const counts = new Map<number, string[]>();
  for (const row of rows) if (row.status === 'measured') counts.set(row.parameters, [...(counts.get(row.parameters) ?? []), row.backend]);
  if (counts.size > 1) {
    log(`warning: the rows timed different models: ${[...counts].map(([count, names]) => `${names.join(', ')}: ${count} parameters`).join('; ')}`);
  }
}

function integerAtLeast(flag: string, value: number, minimum: number): number {
  if (typeof value !== 'number') throw new FlagTypeError(flag, `${flag} must be a number, got ${typeof value}`);
  if (!Number.isSafeInteger(value) || value < minimum) throw new FlagError(flag, `${flag} must be an integer >= ${minimum}, got ${value}`);
  return value;
}
