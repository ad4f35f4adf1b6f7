import { markdownTable } from '../../util/markdown-table.ts';
import { confidenceLevel, type MeanInterval } from '../statistics/t-interval.ts';
import { aucMetrics, unseenColumn, type AucMetric, type ExperimentSummary, type GroupSummary } from './aggregate.ts';
import type { ResultsContext } from './results-context.ts';

const metricNames: Record<AucMetric, string> = { frameAuc: 'Frame AUC', videoAuc: 'Video AUC' };

/** results.md: a table per metric like the paper's (rows configurations, columns test families), then the paired differences. */
export function resultsMarkdown(summary: ExperimentSummary, context: ResultsContext): string {
  const percent = Math.round(confidenceLevel * 100);
  const lines = [
    `# Results of ${context.grid}`,
    '',
    `${context.runsEvaluated} of ${context.runsTotal} runs evaluated${context.runsEvaluated < context.runsTotal ? ' (partial: the grid has not finished)' : ''}; ` +
      `test split of ${context.data}, compression: ${context.compressions}.`,
    '',
    `Cells: the mean over seeds ± the half-width of its ${percent}% Student t confidence interval, t(${(1 - (1 - confidenceLevel) / 2).toFixed(3)}, n - 1) * s / sqrt(n), ` +
      'with n seeds and s their standard deviation; a cell with one seed has no interval (one value has no spread). ' +
      '`*` marks a family the row trained on' +
      (summary.columns.includes(unseenColumn) ? `; \`${unseenColumn}\` is the mean over the families a run did not train on.` : '.'),
  ];
  for (const metric of aucMetrics) {
    lines.push('', `## ${metricNames[metric]}`, '', table(summary, 'seeds', (group) => group.seeds.length, (group) => group.values[metric]));
  }
  const compared = summary.groups.filter((group) => group.difference !== null);
  if (summary.baseline !== null && compared.length > 0) {
    for (const metric of aucMetrics) {
      lines.push('', `## ${metricNames[metric]} minus the baseline \`${summary.baseline}\`, paired by seed and train types`, '');
      lines.push(table({ ...summary, groups: compared }, 'pairs', (group) => group.difference![metric][summary.columns.at(-1)!]?.n ?? 0, (group) => group.difference![metric], true));
    }
  }
  return `${lines.join('\n')}\n`;
}

function table(
  summary: ExperimentSummary,
  countName: string,
  count: (group: GroupSummary) => number,
  cells: (group: GroupSummary) => Record<string, MeanInterval>,
  signed = false,
): string {
  const header = ['configuration', 'train', countName, ...summary.columns];
  const rows = summary.groups.map((group) => {
    const values = cells(group);
    return [
      group.configuration,
      group.trainTypes === null ? 'all' : group.trainTypes.join(', '),
      String(count(group)),
      ...summary.columns.map((column) => {
        const value = values[column];
        return value === undefined ? '-' : `${formatInterval(value, signed)}${group.seen.includes(column) ? '*' : ''}`;
      }),
    ];
  });
  return markdownTable(header, rows, new Set(header.map((_, i) => i).slice(2)));
}

/** `0.812 ± 0.034`, or `+0.012 ± 0.020` for a difference; the mean alone where there is no interval. */
export function formatInterval(value: MeanInterval, signed = false): string {
  const centre = `${signed && value.mean >= 0 ? '+' : ''}${value.mean.toFixed(3)}`;
  return value.halfWidth === null ? centre : `${centre} ± ${value.halfWidth.toFixed(3)}`;
}
