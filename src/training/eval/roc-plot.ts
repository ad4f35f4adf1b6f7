import type { RocPoint } from '../metrics/roc-curve.ts';
import { chartPalette, escapeXml, svgOpen, svgToPng } from './svg-chart.ts';

export interface RocSeries {
  readonly name: string;
  readonly auc: number;
  readonly points: readonly RocPoint[];
}

export const rocPlotSize = { width: 760, height: 560 } as const;

const plot = { left: 70, top: 50, size: 440 };
const legendLeft = plot.left + plot.size + 30;

/**
 * ROC curves as an SVG document: the overall curve in black, one coloured curve per entry of `groups`,
 * the chance diagonal dashed, a 0.2 grid, axis titles, and a legend giving each curve's AUC.
 */
export function rocSvg(title: string, overall: RocSeries, groups: readonly RocSeries[]): string {
  const x = (fpr: number) => plot.left + fpr * plot.size;
  const y = (tpr: number) => plot.top + (1 - tpr) * plot.size;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const grid = ticks
    .map((t) => `<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(1)}"/><line x1="${x(0)}" y1="${y(t)}" x2="${x(1)}" y2="${y(t)}"/>`)
    .join('');
  const tickLabels = ticks
    .map((t) => `<text x="${x(t)}" y="${y(0) + 18}" text-anchor="middle">${t.toFixed(1)}</text><text x="${x(0) - 8}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(1)}</text>`)
    .join('');
  // The overall curve is drawn in black above the coloured ones.
  const series = [...groups.map((group, i) => ({ ...group, colour: chartPalette[i % chartPalette.length]!, width: 2 })), { ...overall, colour: '#000000', width: 3 }];
  const curves = series
    .map(({ points, colour, width }) => `<polyline fill="none" stroke="${colour}" stroke-width="${width}" stroke-linejoin="round" points="${polylinePoints(points, x, y)}"/>`)
    .join('');
  // Legend: overall first, as a reader looks for it first.
  const legend = [series.at(-1)!, ...series.slice(0, -1)]
    .map(({ name, auc, colour, width }, i) => {
      const top = plot.top + 10 + i * 22;
      return `<line x1="${legendLeft}" y1="${top}" x2="${legendLeft + 24}" y2="${top}" stroke="${colour}" stroke-width="${width}"/><text x="${legendLeft + 32}" y="${top + 4}">${escapeXml(name)} (AUC ${auc.toFixed(4)})</text>`;
    })
    .join('');
  return (
    svgOpen(rocPlotSize.width, rocPlotSize.height) +
    `<text x="${plot.left}" y="${plot.top - 20}" font-size="15">${escapeXml(title)}</text>` +
    `<g stroke="#e0e0e0" stroke-width="1">${grid}</g>` +
    `<rect x="${x(0)}" y="${y(1)}" width="${plot.size}" height="${plot.size}" fill="none" stroke="#000000"/>` +
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#888888" stroke-dasharray="6 4"/>` +
    `${curves}<g fill="#000000">${tickLabels}${legend}</g>` +
    `<text x="${x(0.5)}" y="${y(0) + 42}" text-anchor="middle">False positive rate</text>` +
    `<text transform="translate(${plot.left - 48} ${y(0.5)}) rotate(-90)" text-anchor="middle">True positive rate</text>` +
    `</svg>`
  );
}

/** Renders `rocSvg` to a PNG. */
export function rocPng(title: string, overall: RocSeries, groups: readonly RocSeries[]): Promise<Buffer> {
  return svgToPng(rocSvg(title, overall, groups));
}

/**
 * Points at 0.1 px precision with consecutive repeats dropped: a split of many thousand images has as many
 * ROC points, most of them on the same pixel.
 */
function polylinePoints(points: readonly RocPoint[], x: (fpr: number) => number, y: (tpr: number) => number): string {
  const out: string[] = [];
  for (const { fpr, tpr } of points) {
    const point = `${x(fpr).toFixed(1)},${y(tpr).toFixed(1)}`;
    if (out.at(-1) !== point) out.push(point);
  }
  return out.join(' ');
}
