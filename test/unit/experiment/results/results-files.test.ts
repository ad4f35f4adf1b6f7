import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../../../src/experiment/results/aggregate.ts';
import { formatInterval, resultsMarkdown } from '../../../../src/experiment/results/results-markdown.ts';
import { resultsPng, resultsSvg } from '../../../../src/experiment/results/results-plot.ts';
import { exampleOrder, exampleRuns } from './example-runs.ts';

const summary = aggregate(exampleRuns, exampleOrder);
const context = { grid: 'experiments/example.json', data: '/data/synth-80', compressions: 'c23', runsTotal: 9, runsEvaluated: 7 };

describe('resultsMarkdown', () => {
  const markdown = resultsMarkdown(summary, context);
  const rowsOf = (heading: string) => {
    const section = markdown.split('\n## ').find((part) => part.startsWith(heading))!;
    return section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| configuration') && !line.startsWith('| ---'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  };

  it('says what it covers and which interval it uses', () => {
    expect(markdown).toMatch(/^# Results of experiments\/example\.json\n\n7 of 9 runs evaluated \(partial: the grid has not finished\); test split of \/data\/synth-80, compression: c23\./);
    expect(markdown).toContain('95% Student t confidence interval, t(0.975, n - 1) * s / sqrt(n)');
    expect(markdown).toContain('a cell with one seed has no interval');
  });

  it('a row per configuration and train types, cells mean +- half-width, seen families starred', () => {
    expect(rowsOf('Frame AUC\n')).toEqual([
      ['method', 'swap', '3', '0.650 ± 0.124', '0.980 ± 0.025*', '0.720 ± 0.050', '0.685 ± 0.078', '0.823 ± 0.063'],
      ['baseline', 'swap', '3', '0.603 ± 0.137', '0.983 ± 0.029*', '0.700 ± 0.000', '0.652 ± 0.068', '0.790 ± 0.025'],
      ['method', 'all', '1', '0.980*', '0.990*', '0.970*', '-', '0.980'],
    ]);
    expect(rowsOf('Video AUC\n')[0]![3]).toBe('0.600 ± 0.124');
  });

  it('the paired differences, signed', () => {
    expect(rowsOf('Frame AUC minus the baseline `baseline`')).toEqual([
      ['method', 'swap', '3', '+0.047 ± 0.014', '-0.003 ± 0.038*', '+0.020 ± 0.050', '+0.033 ± 0.026', '+0.033 ± 0.038'],
    ]);
  });

  it('formatInterval', () => {
    expect(formatInterval({ n: 3, mean: 0.8123, standardDeviation: 0.02, halfWidth: 0.0344, low: 0, high: 1 })).toBe('0.812 ± 0.034');
    expect(formatInterval({ n: 3, mean: 0.0123, standardDeviation: 0.02, halfWidth: 0.0344, low: 0, high: 1 }, true)).toBe('+0.012 ± 0.034');
  });
});

describe('resultsPng', () => {
  it('draws a mark per group and column, an interval bar where there are two seeds or more, and a legend', async () => {
    const svg = resultsSvg(summary);
    // 2 groups x 5 columns + 1 group x 4 columns (no unseen), and 3 legend dots.
    expect(svg.match(/<circle /g)).toHaveLength(14 + 3);
    expect(svg).toContain('>method (train swap), 3 seeds<');
    expect(svg).toContain('>method (train all), 1 seed<');
    expect(svg).toContain('>frame AUC</text>');
    expect(svg).toContain('>test family</text>');
    const png = sharp(await resultsPng(summary));
    const { width, height, format } = await png.metadata();
    expect(format).toBe('png');
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(400);
    for (const channel of (await png.stats()).channels.slice(0, 3)) expect(channel.stdev).toBeGreaterThan(20);
  });
});
