import type { Sample } from './sample.ts';

export interface SampleFilter {
  split?: string;
  /** Fake types to keep; real samples are kept whatever this says, since every fake type is judged against them. */
  types?: string[];
  compressions?: string[];
}

/**
 * The samples matching every given criterion, in their original order. A split no sample has gives an empty
 * list (callers decide whether a missing val split matters); a type or compression no sample has is an
 * error, because it is almost always a typo that would otherwise quietly train on less data.
 */
export function selectSamples(samples: Sample[], filter: SampleFilter): Sample[] {
  if (filter.types !== undefined) requirePresent('types', filter.types, new Set(samples.filter((s) => s.label === 1).map((s) => s.type)));
  if (filter.compressions !== undefined) {
    requirePresent('compressions', filter.compressions, new Set(samples.flatMap((s) => (s.compression === undefined ? [] : [s.compression]))));
  }
  const types = filter.types === undefined ? undefined : new Set(filter.types);
  const compressions = filter.compressions === undefined ? undefined : new Set(filter.compressions);
  return samples.filter(
    (sample) =>
      (filter.split === undefined || sample.split === filter.split) &&
      (types === undefined || sample.label === 0 || types.has(sample.type)) &&
      (compressions === undefined || (sample.compression !== undefined && compressions.has(sample.compression))),
  );
}

function requirePresent(field: string, wanted: string[], present: Set<string>): void {
  const missing = wanted.filter((value) => !present.has(value));
  if (missing.length > 0) {
    const known = present.size > 0 ? [...present].sort().join(', ') : 'none';
    throw new RangeError(`${field}: no sample has ${missing.map((m) => `"${m}"`).join(', ')}; the dataset has ${known}`);
  }
}
