import type { EvalReport, GroupMetrics } from './eval-report.ts';
import { markdownTable } from '../../util/markdown-table.ts';

const header = ['group', 'frames', 'real', 'fake', 'videos', 'frame AUC', 'video AUC', 'EER', 'AP', 'ACC'];

/**
 * metrics.md: a title line saying what was evaluated, then one row overall, one per fake type (against all
 * reals) and one per compression level.
 */
export function metricsTable(report: EvalReport): string {
  const { run, data } = report;
  const filters = [data.types ? `types ${data.types.join(',')}` : '', data.compressions ? `compression ${data.compressions.join(',')}` : ''].filter(Boolean);
  const title =
    `${run.folder} (preset ${run.preset}, step ${run.step}, mask ${run.maskStrategy}) on the ${data.split} split of ${data.source}` +
    `${filters.length > 0 ? ` (${filters.join('; ')})` : ''}, scored on ${report.backend.name}`;
  const rows = [
    row('overall', report.overall),
    ...Object.entries(report.byType).map(([type, metrics]) => row(`type ${type}`, metrics)),
    ...Object.entries(report.byCompression).map(([level, metrics]) => row(`compression ${level}`, metrics)),
  ];
  const numeric = new Set(header.map((_, column) => column).slice(1));
  const notes = report.notes.map((note) => `Note: ${note}\n`).join('');
  return `${title}\n\n${markdownTable(header, rows, numeric)}\n${notes === '' ? '' : `\n${notes}`}`;
}

function row(group: string, metrics: GroupMetrics): string[] {
  const { counts } = metrics;
  const decimals = (value: number) => value.toFixed(4);
  return [
    group,
    String(counts.frames),
    String(counts.real),
    String(counts.fake),
    String(counts.videos),
    decimals(metrics.frameAuc),
    decimals(metrics.videoAuc),
    decimals(metrics.eer),
    decimals(metrics.ap),
    decimals(metrics.acc),
  ];
}
