import { markdownTable } from '../../util/markdown-table.ts';
import type { BenchServeResult } from './bench-serve.ts';

/** One row per concurrency: what clients saw, the batches the server formed, and the served/raw ratio. */
export function formatServeBench(result: Omit<BenchServeResult, 'table'>): string {
  const { model, machine, settings } = result;
  const rows = result.levels.map((level) => {
    const failed = Object.entries(level.failed).map(([status, count]) => `${count} x ${status === '0' ? 'no answer' : status}`).join(', ');
    return [
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
  const header = ['concurrency', 'answered', 'failed', 'images/s', 'p50 ms', 'p99 ms', 'mean batch', 'raw images/s @ batch', 'served / raw'];
  return [
    `${model.name} (${model.id}) served on ${settings.ep}, --decode-threads ${settings.decodeThreads} --max-batch ${settings.maxBatch} --max-wait-ms ${settings.maxWaitMs}${settings.alwaysWait ? ' --always-wait' : ''}; ${machine.cpu} x ${machine.cores}, Node ${machine.node}`,
    `${settings.bodies} distinct bodies of ${settings.bodyBytes} bytes on average; each run ${settings.requests} requests or ${settings.seconds} s; raw: median of ${settings.rawRuns} runs`,
    '',
    markdownTable(header, rows, new Set([0, 1, 3, 4, 5, 6, 7, 8])),
    '',
    `server exit code after SIGTERM: ${result.serverExitCode}`,
  ].join('\n');
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
