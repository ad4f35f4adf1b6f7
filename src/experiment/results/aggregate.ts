import { pairedDifference, type PairedDifference } from '../statistics/paired-difference.ts';
import { mean, tInterval, type MeanInterval } from '../statistics/t-interval.ts';
import type { RunResult } from '../runs/run-result.ts';

export const aucMetrics = ['frameAuc', 'videoAuc'] as const;
export type AucMetric = (typeof aucMetrics)[number];

/** Columns besides the test families: the mean over the families a run did not train on, and every test image. */
export const unseenColumn = 'unseen';
export const overallColumn = 'overall';

/** The runs of one configuration on one set of train types, over seeds. */
export interface GroupSummary {
  configuration: string;
  trainTypes: string[] | null;
  seeds: number[];
  /** Test families it trained on. */
  seen: string[];
  /** Per metric and column: the mean over seeds with its t-interval. */
  values: Record<AucMetric, Record<string, MeanInterval>>;
  /** Minus the baseline configuration on the same train types, paired by seed; null for the baseline itself or with no baseline. */
  difference: Record<AucMetric, Record<string, PairedDifference>> | null;
}

export interface ExperimentSummary {
  /** Fake types of the test split. */
  families: string[];
  /** The families, `unseen` where some run did not train on every family, and `overall`. */
  columns: string[];
  baseline: string | null;
  /** Train types in the grid's order, configurations in its order within each. */
  groups: GroupSummary[];
}

export interface SummaryOrder {
  configurations: readonly string[];
  trainTypes: ReadonlyArray<string[] | null>;
  baseline: string | null;
}

/** Means, t-intervals and paired differences of evaluated runs; groups with no run yet are left out. */
export function aggregate(results: readonly RunResult[], order: SummaryOrder): ExperimentSummary {
  const families = [...new Set(results.flatMap((result) => Object.keys(result.families)))].sort();
  const groupRuns = (configuration: string, trainTypes: string[] | null) =>
    results.filter((result) => result.configuration === configuration && sameList(result.trainTypes, trainTypes)).sort((a, b) => a.seed - b.seed);
  const groups: GroupSummary[] = [];
  for (const trainTypes of order.trainTypes) {
    const baselineRuns = order.baseline === null ? [] : groupRuns(order.baseline, trainTypes);
    for (const configuration of order.configurations) {
      const runs = groupRuns(configuration, trainTypes);
      if (runs.length === 0) continue;
      const compared = configuration !== order.baseline && baselineRuns.length > 0;
      groups.push({
        configuration, trainTypes,
        seeds: runs.map((run) => run.seed),
        seen: families.filter((family) => trainTypes === null || trainTypes.includes(family)),
        values: perMetric((metric) => intervals(runs, metric)),
        difference: compared ? perMetric((metric) => differences(runs, baselineRuns, metric)) : null,
      });
    }
  }
  const hasUnseen = groups.some((group) => group.seen.length < families.length);
  return { families, columns: [...families, ...(hasUnseen ? [unseenColumn] : []), overallColumn], baseline: order.baseline, groups };
}

/** One run's value in every column it has: each family, the mean over its unseen families, overall. */
export function columnValues(result: RunResult, metric: AucMetric): Map<string, number> {
  const values = new Map(Object.entries(result.families).map(([family, pair]) => [family, pair[metric]]));
  const unseen = [...values].filter(([family]) => result.trainTypes !== null && !result.trainTypes.includes(family));
  if (unseen.length > 0) values.set(unseenColumn, mean(unseen.map(([, value]) => value)));
  values.set(overallColumn, result.overall[metric]);
  return values;
}

function intervals(runs: readonly RunResult[], metric: AucMetric): Record<string, MeanInterval> {
  const byColumn = new Map<string, number[]>();
  for (const run of runs) for (const [column, value] of columnValues(run, metric)) byColumn.set(column, [...(byColumn.get(column) ?? []), value]);
  return Object.fromEntries([...byColumn].map(([column, values]) => [column, tInterval(values)]));
}

function differences(runs: readonly RunResult[], baselineRuns: readonly RunResult[], metric: AucMetric): Record<string, PairedDifference> {
  const bySeed = (group: readonly RunResult[], column: string) =>
    new Map(group.flatMap((run) => {
      const value = columnValues(run, metric).get(column);
      return value === undefined ? [] : [[String(run.seed), value] as const];
    }));
  const columns = new Set(runs.flatMap((run) => [...columnValues(run, metric).keys()]));
  const out: Record<string, PairedDifference> = {};
  for (const column of columns) {
    const difference = pairedDifference(bySeed(runs, column), bySeed(baselineRuns, column));
    if (difference !== null) out[column] = difference;
  }
  return out;
}

function perMetric<T>(compute: (metric: AucMetric) => T): Record<AucMetric, T> {
  return { frameAuc: compute('frameAuc'), videoAuc: compute('videoAuc') };
}

function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
