import { checkScoresAndLabels } from './check-inputs.ts';
import { summarize, type DetectionMetrics } from './summarize.ts';

/**
 * Metrics per forgery type: each type's fakes against all the reals, which every type shares (the reals'
 * own type entries are ignored). This is how FaceForensics++ results per manipulation are reported.
 */
export function summarizeByType(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  videos: ArrayLike<string>,
  types: ArrayLike<string>,
): Record<string, DetectionMetrics> {
  checkGroupKeys('summarizeByType', 'types', scores, labels, types);
  const reals = indicesWhere(labels, (i) => labels[i] === 0);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) pushTo(groups, types[i]!, i);
  return summarizeGroups(scores, labels, videos, groups, 'type', reals);
}

/**
 * Metrics per compression level ('raw', 'c23', 'c40'): each level's reals and fakes on their own, since a
 * c40 real is not a negative for c23 fakes. Samples with no compression (undefined) are left out.
 */
export function summarizeByCompression(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  videos: ArrayLike<string>,
  compressions: ArrayLike<string | undefined>,
): Record<string, DetectionMetrics> {
  checkGroupKeys('summarizeByCompression', 'compressions', scores, labels, compressions);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < labels.length; i++) if (compressions[i] !== undefined) pushTo(groups, compressions[i]!, i);
  return summarizeGroups(scores, labels, videos, groups, 'compression', []);
}

function summarizeGroups(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  videos: ArrayLike<string>,
  groups: Map<string, number[]>,
  kind: string,
  shared: number[],
): Record<string, DetectionMetrics> {
  const result: Record<string, DetectionMetrics> = {};
  for (const key of [...groups.keys()].sort()) {
    const members = [...shared, ...groups.get(key)!];
    const pick = <T>(values: ArrayLike<T>) => members.map((i) => values[i]!);
    result[key] = summarize(pick(scores), pick(labels), pick(videos), `${kind} ${key}`);
  }
  return result;
}

function checkGroupKeys(metric: string, field: string, scores: ArrayLike<number>, labels: ArrayLike<number>, keys: ArrayLike<unknown>): void {
  checkScoresAndLabels(metric, scores, labels);
  if (keys?.length !== scores.length) {
    throw new RangeError(`${metric}: ${field} has ${keys?.length} values but scores has ${scores.length}; they must match one to one`);
  }
}

function indicesWhere(values: ArrayLike<unknown>, keep: (i: number) => boolean): number[] {
  return Array.from({ length: values.length }, (_, i) => i).filter(keep);
}

function pushTo(groups: Map<string, number[]>, key: string, index: number): void {
  const members = groups.get(key);
  if (members === undefined) groups.set(key, [index]);
  else members.push(index);
}
