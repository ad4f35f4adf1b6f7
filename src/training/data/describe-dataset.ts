import type { Dataset } from './open-dataset.ts';
import type { Sample } from './sample.ts';

/** A few lines telling the user what was read: the format and why, and counts by split, type and compression. */
export function describeDataset(dataset: Dataset): string {
  const { samples } = dataset;
  const videos = new Set(samples.map((s) => s.video)).size;
  const lines = [
    `${dataset.format} dataset at ${dataset.root} (${dataset.formatReason}): ${samples.length} images in ${videos} videos`,
    `  labels: ${countBy(samples, (s) => (s.label === 1 ? 'fake' : 'real'))}`,
    `  types: ${countBy(samples, (s) => s.type)}`,
    `  splits: ${countBy(samples, (s) => s.split ?? '(none)')}`,
  ];
  if (samples.some((s) => s.compression !== undefined)) lines.push(`  compressions: ${countBy(samples, (s) => s.compression ?? '(none)')}`);
  if (dataset.skipped.length > 0) {
    lines.push(`  skipped ${dataset.skipped.length} bad rows:`);
    for (const skip of dataset.skipped.slice(0, 10)) lines.push(`    ${skip.origin}: ${skip.reason}`);
    if (dataset.skipped.length > 10) lines.push(`    ... and ${dataset.skipped.length - 10} more`);
  }
  for (const note of dataset.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

function countBy(samples: Sample[], key: (sample: Sample) => string): string {
  const counts = new Map<string, number>();
  for (const sample of samples) counts.set(key(sample), (counts.get(key(sample)) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
}
