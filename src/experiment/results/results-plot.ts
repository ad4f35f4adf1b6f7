import { chartPalette, escapeXml, svgOpen, svgToPng } from '../../training/eval/svg-chart.ts';
import { confidenceLevel } from '../statistics/t-interval.ts';
import type { ExperimentSummary, GroupSummary } from './aggregate.ts';

const plot = { left: 80, top: 60, height: 360, padding: 24 };
const legendWidth = 300;

/**
 * Frame AUC per test family as an SVG document: one colour per configuration (and train types, where the grid
 * has several), a dot at the mean over seeds and a bar over its t-interval, hollow where the run trained on
 * that family, the 0.5 of chance dashed, a legend on the right.
 */
export function resultsSvg(summary: ExperimentSummary): string {
  const { columns, groups } = summary;
  const bandWidth = Math.max(80, groups.length * 16 + plot.padding);
  const plotWidth = columns.length * bandWidth;
  const width = plot.left + plotWidth + 30 + legendWidth;
  const legendHeight = plot.top + 10 + (groups.length + 3) * 22;
  const height = Math.max(plot.top + plot.height + 70, legendHeight);
  const [low, high] = valueRange(groups);
  const y = (value: number) => plot.top + ((high - value) / (high - low)) * plot.height;
  const bottom = y(low);
  const ticks = Array.from({ length: Math.round((high - low) * 10) + 1 }, (_, i) => low + i / 10);
  const grid = ticks.map((t) => `<line x1="${plot.left}" y1="${y(t)}" x2="${plot.left + plotWidth}" y2="${y(t)}"/>`).join('');
  const tickLabels = ticks.map((t) => `<text x="${plot.left - 8}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(1)}</text>`).join('');
  const columnLabels = columns
    .map((column, c) => `<text x="${plot.left + (c + 0.5) * bandWidth}" y="${bottom + 20}" text-anchor="middle">${escapeXml(column)}</text>`)
    .join('');
  const several = new Set(groups.map((group) => JSON.stringify(group.trainTypes))).size > 1;
  const marks = groups.map((group, g) => {
    const colour = chartPalette[g % chartPalette.length]!;
    return columns.map((column, c) => {
      const value = group.values.frameAuc[column];
      if (value === undefined) return '';
      const x = plot.left + c * bandWidth + plot.padding / 2 + (g + 0.5) * ((bandWidth - plot.padding) / groups.length);
      const bar = value.low === null || value.high === null ? '' : intervalBar(x, value.low, value.high, low, high, y);
      const fill = group.seen.includes(column) ? '#ffffff' : colour;
      return `<g stroke="${colour}" stroke-width="2">${bar}<circle cx="${x}" cy="${y(value.mean)}" r="4.5" fill="${fill}"/></g>`;
    }).join('');
  }).join('');
  const legendLeft = plot.left + plotWidth + 30;
  const legend = groups.map((group, g) => {
    const top = plot.top + 10 + g * 22;
    const name = several ? `${group.configuration} (train ${group.trainTypes?.join('+') ?? 'all'})` : group.configuration;
    return `<circle cx="${legendLeft + 8}" cy="${top}" r="5" fill="${chartPalette[g % chartPalette.length]}"/>` +
      `<text x="${legendLeft + 22}" y="${top + 4}">${escapeXml(`${name}, ${group.seeds.length} seed${group.seeds.length === 1 ? '' : 's'}`)}</text>`;
  }).join('');
  const notesTop = plot.top + 10 + groups.length * 22 + 8;
  const percent = Math.round(confidenceLevel * 100);
  return (
    svgOpen(width, height) +
    `<text x="${plot.left}" y="${plot.top - 28}" font-size="15">Frame AUC per test family: mean over seeds with ${percent}% Student t intervals</text>` +
    `<g stroke="#e0e0e0" stroke-width="1">${grid}</g>` +
    `<rect x="${plot.left}" y="${plot.top}" width="${plotWidth}" height="${plot.height}" fill="none" stroke="#000000"/>` +
    `<line x1="${plot.left}" y1="${y(0.5)}" x2="${plot.left + plotWidth}" y2="${y(0.5)}" stroke="#888888" stroke-dasharray="6 4"/>` +
    `${marks}<g fill="#000000">${tickLabels}${columnLabels}${legend}` +
    `<text x="${legendLeft}" y="${notesTop + 4}" font-size="11">hollow: a family the run trained on</text>` +
    `<text x="${legendLeft}" y="${notesTop + 20}" font-size="11">dashed: chance (0.5); one seed: no bar</text>` +
    `<text x="${legendLeft}" y="${notesTop + 36}" font-size="11">a bar without a cap goes on past the axis</text></g>` +
    `<text x="${plot.left + plotWidth / 2}" y="${bottom + 46}" text-anchor="middle">test family</text>` +
    `<text transform="translate(${plot.left - 50} ${plot.top + plot.height / 2}) rotate(-90)" text-anchor="middle">frame AUC</text>` +
    `</svg>`
  );
}

export function resultsPng(summary: ExperimentSummary): Promise<Buffer> {
  return svgToPng(resultsSvg(summary));
}

/**
 * The axis runs up to 1 and down to 0.5 or below, in steps of 0.1, far enough to show every mean and interval
 * within [0, 1], where an AUC lives; a t-interval of a few seeds can reach past either end.
 */
function valueRange(groups: readonly GroupSummary[]): [number, number] {
  const values = groups.flatMap((group) => Object.values(group.values.frameAuc).flatMap(({ mean, low }) => [mean, low ?? mean]));
  return [Math.max(0, Math.min(0.5, Math.floor(Math.min(...values) * 10) / 10)), 1];
}

/** The interval's bar, cut at the axis' ends; a cut end has no cap, so a reader sees it goes on. */
function intervalBar(x: number, from: number, to: number, axisLow: number, axisHigh: number, y: (value: number) => number): string {
  const bottom = Math.max(from, axisLow);
  const top = Math.min(to, axisHigh);
  const cap = (value: number) => `<line x1="${x - 4}" y1="${y(value)}" x2="${x + 4}" y2="${y(value)}"/>`;
  return `<line x1="${x}" y1="${y(bottom)}" x2="${x}" y2="${y(top)}"/>${bottom === from ? cap(from) : ''}${top === to ? cap(to) : ''}`;
}
