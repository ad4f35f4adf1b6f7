import { markdownTable } from '../../util/markdown-table.ts';
import { referenceName, type TrainBenchRow, type TrainMeasurement } from './train-measurement.ts';

const header = ['back end', 'device', 'first step s', 'median step s', 'img/s', 'vs PyTorch', 'host ms/step', 'host share', 'kernels/step'];

const legend = [
  'first step: the first warm-up step alone (shader compilation, first allocations). img/s: batch x timed steps / their seconds.',
  `vs PyTorch: img/s over the ${referenceName} row's (the same architecture in PyTorch, same batch, one thread per core).`,
  'host ms/step: CPU time of the main thread per timed step (the JavaScript thread tfjs runs on; PyTorch\'s Python thread),',
  '"(process)" where only the whole process\'s CPU time could be read. host share: that over the mean step\'s wall time; on a GPU',
  'back end near 100% means the step is bound by the host building and dispatching kernels, not by the device.',
  'kernels/step: kernels one step runs, counted on an extra untimed step: tfjs kernel calls (views such as reshapes included;',
  'in brackets the programs dispatched to the GPU), PyTorch\'s leaf operator calls.',
].join('\n');

/**
 * The benchmark as a markdown table, one row per back end (those that could not run say why), under a line
 * saying what was measured and how busy the machine was, over a legend of the columns.
 */
export function formatTrainBench(rows: readonly TrainBenchRow[], machine: { cores: number; loadBefore: number; loadAfter: number }): string {
  const ratios = ratiosToReference(rows);
  const body = rows.map((row) => {
    if (row.status !== 'measured') return [row.backend, `${row.status}: ${row.reason.split('\n')[0]}`, '', '', '', '', '', '', ''];
    const meanStep = row.stepSeconds.reduce((sum, seconds) => sum + seconds, 0) / row.stepSeconds.length;
    const ratio = ratios[row.backend];
    return [
      row.backend,
      row.device,
      row.firstStepSeconds.toFixed(3),
      median(row.stepSeconds).toFixed(3),
      row.imagesPerSecond.toFixed(2),
      row.backend === referenceName ? 'reference' : ratio === undefined ? '' : `${ratio.toFixed(2)}x PyTorch`,
      `${(row.hostSecondsPerStep * 1000).toFixed(1)}${row.hostClock === 'process' ? ' (process)' : ''}`,
      `${((100 * row.hostSecondsPerStep) / meanStep).toFixed(0)}%`,
      kernels(row),
    ];
  });
  const measured = rows.find((row): row is TrainMeasurement => row.status === 'measured');
  const what = measured ? ` of \`${measured.preset}\` (${measured.imageSize} px), batch ${measured.batchSize}, ${measured.warmup} warm-up + ${measured.steps} timed steps,` : '';
  const title =
    `Training step (upload, forward, loss, gradients, SGD update)${what} on synthetic random batches: image decoding is not measured. ` +
    `${machine.cores} cores; 1-minute load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after.`;
  return `${title}\n\n${markdownTable(header, body, new Set([2, 3, 4, 5, 6, 7, 8]))}\n\n${legend}`;
}

/** Each measured back end's img/s over the PyTorch reference's; empty when the reference was not measured. */
export function ratiosToReference(rows: readonly TrainBenchRow[]): Record<string, number> {
  const reference = rows.find((row): row is TrainMeasurement => row.status === 'measured' && row.backend === referenceName);
  if (!reference) return {};
  return Object.fromEntries(
    rows.filter((row): row is TrainMeasurement => row.status === 'measured' && row.backend !== referenceName)
      .map((row) => [row.backend, row.imagesPerSecond / reference.imagesPerSecond]),
  );
}

function kernels(row: TrainMeasurement): string {
  const count = row.kernelsPerStep.toLocaleString('en-US');
  return row.gpuProgramsPerStep === undefined ? count : `${count} (${row.gpuProgramsPerStep.toLocaleString('en-US')} GPU)`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
