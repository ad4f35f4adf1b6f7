import { availableParallelism, cpus, platform, release } from 'node:os';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { NodeEp, NodeEpRequest } from '../../runtime-node/node-session.ts';
import { integerIn, SERVE_DEFAULTS } from '../serve-options.ts';
import { batchTotals, meanBatchBetween } from './batch-size-metrics.ts';
import { benchBodies } from './bench-bodies.ts';
import { driveLoad, type LoadResult } from './drive-load.ts';
import { formatServeBench } from './format-serve-bench.ts';
import { rawThroughput } from './raw-throughput.ts';
import { startServeChild } from './serve-child.ts';
import { BENCH_PROTOCOLS, protocolRequest, type BenchProtocol } from './protocol-requests.ts';
import { shardScoring, type ShardScoring } from './shard-scoring.ts';
import { FlagError } from '../../util/flag-error.ts';

export interface BenchServeOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  /** Image files or folders to post; default: the model's reference images as PNG. */
  readonly images?: readonly string[];
  readonly ep?: NodeEpRequest;
  readonly threads?: number;
  /** The server's --decode-threads; default: the server's default. */
  readonly decodeThreads?: number;
  /** Concurrent clients, one load run each (per protocol). */
  readonly concurrency?: readonly number[];
  /** Request forms to compare: /v1/detect, OIP JSON, OIP binary; default all three. */
  readonly protocols?: readonly BenchProtocol[];
  /** Shards for the sharded-scoring measurement (0 skips it); default 4. */
  readonly shards?: number;
  /** Images that measurement scores; default 512. */
  readonly shardImages?: number;
  /** Timed requests per run (after warm-up), the run also ending at `seconds`. */
  readonly requests?: number;
  readonly seconds?: number;
  readonly maxBatch?: number;
  readonly maxWaitMs?: number;
  /** The server's --always-wait. */
  readonly alwaysWait?: boolean;
  /** Untimed and timed runs for each raw Detector measurement. */
  readonly rawWarmup?: number;
  readonly rawRuns?: number;
  readonly json?: string;
  readonly log?: (line: string) => void;
}

export interface ServeLevel extends LoadResult {
  readonly protocol: BenchProtocol;
  /** Mean images per session run the server formed during this run (from its /metrics). */
  readonly meanBatch: number;
  /** The Detector alone at that batch size (rounded), and the served throughput as a fraction of it. */
  readonly raw: { readonly batch: number; readonly imagesPerSecond: number };
  readonly servedOverRaw: number;
}

export interface BenchServeResult {
  readonly model: { readonly folder: string; readonly name: string; readonly id: string };
  readonly machine: { readonly platform: string; readonly cpu: string; readonly cores: number; readonly node: string };
  readonly settings: { ep: string; protocols: readonly BenchProtocol[]; decodeThreads: number; maxBatch: number; maxWaitMs: number; alwaysWait: boolean; requests: number; seconds: number; bodies: number; bodyBytes: number; rawWarmup: number; rawRuns: number };
  readonly levels: readonly ServeLevel[];
  /** `ftd infer --shard i/n --out` one shard after another against one unsharded run; absent with shards 0. */
  readonly sharding?: ShardScoring;
  /** Exit code of the server after SIGTERM (0: it drained). */
  readonly serverExitCode: number | null;
  readonly table: string;
}

/**
 * `ftd bench serve`: the real server in a child process on 127.0.0.1, driven in each protocol (/v1/detect, OIP
 * JSON, OIP binary) at each concurrency with keep-alive requests; throughput, p50/p99 latency and the batch
 * sizes the server formed; then the Detector run directly at those batch sizes, the ceiling the served
 * throughput is a fraction of; then sharded scoring (`ftd infer --shard`) against one unsharded run.
 */
export async function benchServe(options: BenchServeOptions): Promise<BenchServeResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = (options.concurrency ?? [1, 8, 64]).map((c) => checked(c, '--concurrency', 1));
  const requests = checked(options.requests ?? 2000, '--requests', 1);
  const seconds = positiveNumber(options.seconds ?? 15, '--seconds');
  const maxBatch = checked(options.maxBatch ?? SERVE_DEFAULTS.maxBatch, '--max-batch', 1);
  const maxWaitMs = checked(options.maxWaitMs ?? SERVE_DEFAULTS.maxWaitMs, '--max-wait-ms', 0);
  const rawWarmup = checked(options.rawWarmup ?? 3, '--raw-warmup', 0);
  const rawRuns = checked(options.rawRuns ?? 50, '--raw-runs', 1);
  const threads = checked(options.threads ?? 0, '--threads', 0);
  const decodeThreads = checked(options.decodeThreads ?? SERVE_DEFAULTS.decodeThreads, '--decode-threads', 0);
  const protocols = options.protocols ?? BENCH_PROTOCOLS;
  for (const protocol of protocols) if (!BENCH_PROTOCOLS.includes(protocol)) throw new FlagError('--protocols', `--protocols takes ${BENCH_PROTOCOLS.join(', ')}, found ${JSON.stringify(protocol)}`);
  const shards = checked(options.shards ?? 4, '--shards', 0);
  const shardImages = checked(options.shardImages ?? 512, '--shard-images', 1);
  const bodies = await benchBodies(options.model, options.images);

  // The queue holds every client's request, so the measurement never includes a 503.
  const maxQueue = Math.max(maxBatch, ...concurrency);
  const flags = ['--ep', options.ep ?? 'auto', '--threads', String(threads), '--decode-threads', String(decodeThreads), '--max-batch', String(maxBatch), '--max-wait-ms', String(maxWaitMs), '--max-queue', String(maxQueue), ...(options.alwaysWait ? ['--always-wait'] : [])];
  log(`starting ftd serve ${options.model} ${flags.join(' ')}`);
  const server = await startServeChild(options.model, flags);
  const loads: Array<LoadResult & { protocol: BenchProtocol; meanBatch: number }> = [];
  let serverExitCode: number | null;
  try {
    for (const protocol of protocols) {
      const sent = bodies.map((body) => protocolRequest(protocol, body, server.health.model.name));
      for (const c of concurrency) {
        const warmup = Math.min(requests, Math.max(2 * c, 20));
        await driveLoad(server.address, sent, { concurrency: c, requests: warmup, seconds });
        const before = batchTotals(await server.get('/metrics'));
        log(`${protocol}, concurrency ${c}: ${requests} requests or ${seconds} s, after ${warmup} warm-up requests`);
        const load = await driveLoad(server.address, sent, { concurrency: c, requests, seconds });
        loads.push({ ...load, protocol, meanBatch: meanBatchBetween(before, batchTotals(await server.get('/metrics'))) });
      }
    }
  } finally {
    serverExitCode = await server.stop();
  }

  const ep = server.health.ep as NodeEp;
  const batches = [...new Set(loads.map((load) => Math.max(1, Math.round(load.meanBatch))))].sort((a, b) => a - b);
  log(`timing the Detector directly on ${ep} at batch ${batches.join(', ')}`);
  const raw = await rawThroughput(options.model, { ep, threads, bodies, batches, warmup: rawWarmup, runs: rawRuns });
  const levels: ServeLevel[] = loads.map((load) => {
    const batch = Math.max(1, Math.round(load.meanBatch));
    const { imagesPerSecond } = raw.results.find((r) => r.batch === batch)!;
    return { ...load, raw: { batch, imagesPerSecond }, servedOverRaw: load.imagesPerSecond / imagesPerSecond };
  });
  let sharding: ShardScoring | undefined;
  if (shards > 0) {
    log(`scoring ${shardImages} images with ftd infer --out: unsharded, then ${shards} shards one after another`);
    sharding = await shardScoring(options.model, bodies, { images: shardImages, shards, ep, batch: maxBatch });
  }
  const result = {
    model: { folder: options.model, name: server.health.model.name, id: server.health.model.id },
    machine: { platform: `${platform()} ${release()}`, cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version },
    settings: { ep, protocols, decodeThreads, maxBatch, maxWaitMs, alwaysWait: options.alwaysWait ?? false, requests, seconds, bodies: bodies.length, bodyBytes: Math.round(bodies.reduce((sum, b) => sum + b.bytes.length, 0) / bodies.length), rawWarmup, rawRuns },
    levels,
    ...(sharding ? { sharding } : {}),
    serverExitCode,
  };
  const table = formatServeBench(result);
  if (options.json) await writeFileAtomic(options.json, `${JSON.stringify(result, null, 2)}\n`);
  return { ...result, table };
}

function positiveNumber(value: number, flag: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new FlagError(flag, `${flag} must be a positive number, found ${value}`);
  return value;
}

function checked(value: number, flag: string, min: number): number {
  integerIn(value, flag, min, 1_000_000);
  return value;
}
