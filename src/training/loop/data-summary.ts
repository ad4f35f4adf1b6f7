import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import type { DataSummary, SplitSummary } from '../checkpoint/run-record.ts';
import type { Sample } from '../data/sample.ts';

/**
 * What a run trained and validated on. The fingerprint covers the training samples in the order the
 * loader sees them, relative to the dataset root, so a resume from a moved copy of the same data is
 * accepted and a resume on different data (which would change every batch) is not.
 */
export function summarizeData(
  source: string,
  dataset: { root: string; format: string; skipped: DataSummary['skipped'] },
  filter: { trainTypes: string[] | null; compressions: string[] | null },
  train: readonly Sample[],
  val: readonly Sample[],
): DataSummary {
  const hash = createHash('sha256');
  for (const sample of train) hash.update(`${relative(dataset.root, sample.path)}\t${sample.label}\n`);
  return {
    source,
    root: dataset.root,
    format: dataset.format,
    fingerprint: hash.digest('hex'),
    trainTypes: filter.trainTypes,
    compressions: filter.compressions,
    train: summarizeSplit(train),
    val: summarizeSplit(val),
    skipped: [...dataset.skipped],
  };
}

function summarizeSplit(samples: readonly Sample[]): SplitSummary {
  return {
    samples: samples.length,
    videos: new Set(samples.map((sample) => sample.video)).size,
    byType: countBy(samples, (sample) => sample.type),
    byCompression: countBy(samples, (sample) => sample.compression ?? 'unknown'),
  };
}

function countBy(samples: readonly Sample[], key: (sample: Sample) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const sample of samples) counts[key(sample)] = (counts[key(sample)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** A run needs training samples, and a resumed run the very samples it started on. */
export function checkTrainingData(data: DataSummary, resumedFrom: DataSummary | undefined): void {
  if (data.train.samples === 0) {
    const filters = [data.trainTypes && `--train-types ${data.trainTypes.join(',')}`, data.compressions && `--compression ${data.compressions.join(',')}`]
      .filter(Boolean)
      .join(' ');
    throw new RangeError(`${data.root}: no sample is in the train split${filters ? ` after ${filters}` : ''}; training needs samples with split "train"`);
  }
  if (resumedFrom && resumedFrom.fingerprint !== data.fingerprint) {
    throw new RangeError(
      `the training samples in ${data.root} differ from those the resumed run started on (${data.train.samples} now, ` +
        `${resumedFrom.train.samples} then, or the same count with other files); a resumed run must see the same data to continue exactly`,
    );
  }
}
