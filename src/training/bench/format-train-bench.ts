import { markdownTable } from '../../util/markdown-table.ts';
import type { TrainBenchRow } from './train-measurement.ts';

const header = ['back end', 'device', 'preset', 'batch', 'steps', 'first step s', 'median step s', 'img/s'];

/**
 * The benchmark as a markdown table, one row per back end (those that could not run say why), under a line
 * saying what was measured and how busy the machine was.
 */
export function formatTrainBench(rows: readonly TrainBenchRow[], machine: { cores: number; loadBefore: number; loadAfter: number }): string {
  const body = rows.map((row) => {
    if (row.status !== 'measured') return [row.backend, `${row.status}: ${row.reason.split('\n')[0]}`, '', '', '', '', '', ''];
    return [
      row.backend,
      row.device,
      `${row.preset} (${row.imageSize} px)`,
      String(row.batchSize),
      String(row.steps),
      row.firstStepSeconds.toFixed(3),
      median(row.stepSeconds).toFixed(3),
      row.imagesPerSecond.toFixed(2),
    ];
  });
  const title =
    'Training step (upload, forward, loss, gradients, SGD update) on synthetic random batches: image decoding is not measured. ' +
    `${machine.cores} cores; 1-minute load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`;
  return `${title}\n\n${markdownTable(header, body, new Set([3, 4, 5, 6, 7]))}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
