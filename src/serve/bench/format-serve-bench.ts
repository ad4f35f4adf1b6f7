import { markdownTable } from '../../util/markdown-table.ts';
import type { BenchServeResult } from './bench-serve.ts';

/** One row per concurrency: what clients saw, the batches the server formed, and the served/raw ratio. */
export function formatServeBench(result: Omit<BenchServeResult, 'table'>): string {
  const { model, machine, settings } = result;
  const rows = result.levels.map((level) => {
    const failed = Object.entries(level.failed).map(([status, count]) => `${count} x ${status === '0' ? 'no answer' : status}`).join(', ');
    return [
      level.protocol,
      String(level.concurrency),
      String(level.ok),
      failed || '0',
      level.imagesPerSecond.toFixed(1),
      ms(level.latencyMs.p50),
      ms(level.latencyMs.p99),
      level.meanBatch.toFixed(1),
      `${level.raw.imagesPerSecond.toFixed(1)} @ ${level.raw.batch}`,
      level.servedOverRaw.toFixed(2),
    ];
  });
  const header = ['protocol', 'concurrency', 'answered', 'failed', 'images/s', 'p50 ms', 'p99 ms', 'mean batch', 'raw images/s @ batch', 'served / raw'];
  return [
    `${model.name} (${model.id}) served on ${settings.ep}, --decode-threads ${settings.decodeThreads} --max-batch ${settings.maxBatch} --max-wait-ms ${settings.maxWaitMs}${settings.alwaysWait ? ' --always-wait' : ''}; ${machine.cpu} x ${machine.cores}, Node ${machine.node}`,
    `${settings.bodies} distinct bodies of ${settings.bodyBytes} bytes on average; each run ${settings.requests} requests or ${settings.seconds} s; raw: median of ${settings.rawRuns} runs`,
    '',
    markdownTable(header, rows, new Set([1, 2, 4, 5, 6, 7, 8, 9])),
    ...shardingLines(result.sharding),
    '',
    `server exit code after SIGTERM: ${result.serverExitCode}`,
  ].join('\n');
}

function shardingLines(sharding: BenchServeResult['sharding']): string[] {
  if (!sharding) return [];
  const { images, shards, unsharded } = sharding;
  return [
    '',
    `ftd infer --out on ${images} images: unsharded ${unsharded.seconds.toFixed(2)} s (${unsharded.imagesPerSecond.toFixed(1)} images/s); ` +
      `${shards} shards one after another ${sharding.shardedSeconds.toFixed(2)} s (${sharding.shardedImagesPerSecond.toFixed(1)} images/s; ` +
      `each ${sharding.shardSeconds.map((seconds) => seconds.toFixed(2)).join(', ')} s); overhead per shard ${sharding.overheadPerShardSeconds.toFixed(2)} s`,
  ];
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
