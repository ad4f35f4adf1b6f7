import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../../src/training/data/sample.ts';
import { scoreMetrics } from '../../../../src/training/eval/eval-report.ts';
import type { ScoredSample } from '../../../../src/training/eval/score-samples.ts';
import { parseCsv } from '../../../../src/training/data/parse-csv.ts';
import { scoresCsv } from '../../../../src/training/eval/scores-csv.ts';

function scored(label: 0 | 1, type: string, compression: string, prob: number, index: number): ScoredSample {
  const sample: Sample = { path: `/data/${type}/${index}, x.png`, label, type, video: `${type}-${index}`, compression, origin: `row ${index}` };
  return { sample, prob };
}

describe('scoreMetrics', () => {
  it('fails on a split with one class, naming the split', () => {
    const reals = [0.1, 0.4].map((prob, i) => scored(0, 'real', 'c23', prob, i));
    expect(() => scoreMetrics(reals, 'split "test" of data/x')).toThrow(
      /^summarize \(split "test" of data\/x\) needs both real and fake samples; found 0 fake and 2 real$/,
    );
  });

  it('leaves out a compression level holding one class, with a note, and keeps the others', () => {
    const split = [
      scored(0, 'real', 'c23', 0.2, 0), scored(1, 'swap', 'c23', 0.9, 1), scored(1, 'swap', 'c23', 0.1, 2),
      scored(1, 'swap', 'c40', 0.7, 3),
    ];
    const metrics = scoreMetrics(split, 'split "test"');
    expect(Object.keys(metrics.byCompression)).toEqual(['c23']);
    expect(metrics.byCompression.c23!.frameAuc).toBe(0.5);
    expect(metrics.notes).toEqual(['compression c40 holds only fake images in split "test"; it has no per-compression row']);
    // 3 fakes against 1 real: 0.9 and 0.7 rank above it, 0.1 below.
    expect(metrics.overall.frameAuc).toBeCloseTo(2 / 3, 12);
    expect(metrics.byType.swap!.counts).toEqual({ frames: 4, real: 1, fake: 3, videos: 4 });
  });
});

describe('scoresCsv', () => {
  it('writes paths relative to the dataset root, quoting commas, and probabilities in full', () => {
    const text = scoresCsv([scored(1, 'swap', 'c23', Math.fround(0.123456789), 7)], '/data');
    const [header, row] = parseCsv(text, 'scores.csv');
    expect(header!.fields).toEqual(['path', 'label', 'type', 'compression', 'video', 'prob']);
    expect(row!.fields).toEqual(['swap/7, x.png', '1', 'swap', 'c23', 'swap-7', String(Math.fround(0.123456789))]);
    expect(Number(row!.fields[5])).toBe(Math.fround(0.123456789));
    expect(text).toContain('"swap/7, x.png"');
  });
});
