import { markdownTable } from '../../util/markdown-table.ts';
import type { BenchInferResult } from './bench-infer.ts';

/**
 * One row per target and pipeline; the fused rows also show their speed-up over the two-session pipeline on
 * the same target (throughput ratio), the comparison the fused export exists for.
 */
export function formatBenchTable(result: Omit<BenchInferResult, 'table'>): string {
  const { model, machine, settings } = result;
  const rows = result.measurements.map((m) => {
    const twoSession = result.measurements.find((other) => other.target === m.target && other.pipeline === 'mask-then-classify');
    const speedUp = m.pipeline === 'fused' && twoSession ? `${(m.throughput.imagesPerSecond / twoSession.throughput.imagesPerSecond).toFixed(2)}x` : '';
    return [m.target, m.ep, m.pipeline, ms(m.latency.medianMs), ms(m.latency.p90Ms), ms(m.throughput.medianMs), m.throughput.imagesPerSecond.toFixed(1), speedUp];
  });
  const header = [
    'target',
    'EP',
    'pipeline',
    `batch ${settings.latencyBatch} median ms`,
    `batch ${settings.latencyBatch} p90 ms`,
    `batch ${settings.throughputBatch} median ms`,
    'images/s',
    'fused speed-up',
  ];
  const lines = [
    `${model.name} (${model.preset}, ${model.inputSize} px, grid ${model.grid}, graph batch ${model.batch}) on ${machine.cpu} x ${machine.cores}, Node ${machine.node}`,
    `WebGPU adapter: ${machine.webgpuAdapter}; ${settings.warmup} warm-up runs excluded, ${settings.runs} timed runs per cell`,
    '',
    markdownTable(header, rows, new Set([3, 4, 5, 6, 7])),
  ];
  for (const { target, reason } of result.skipped) lines.push(`${target}: skipped: ${reason}`);
  for (const { target, message } of result.errors) lines.push(`${target}: failed: ${message}`);
  return lines.join('\n');
}

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
