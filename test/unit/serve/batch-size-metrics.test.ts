import { describe, expect, it } from 'vitest';
import { batchTotals, meanBatchBetween } from '../../../src/serve/bench/batch-size-metrics.ts';
import { percentile } from '../../../src/serve/bench/drive-load.ts';

const scrape = (sum: number, count: number) =>
  ['# HELP ftd_serve_batch_size Images per session run', '# TYPE ftd_serve_batch_size histogram', 'ftd_serve_batch_size_bucket{le="1"} 0', `ftd_serve_batch_size_sum ${sum}`, `ftd_serve_batch_size_count ${count}`].join('\n');

describe('batch totals from /metrics', () => {
  it('reads the histogram sum and count and gives the mean batch between two scrapes', () => {
    const before = batchTotals(scrape(10, 4));
    const after = batchTotals(scrape(130, 10));
    expect(before).toEqual({ images: 10, batches: 4 });
    expect(meanBatchBetween(before, after)).toBe(20);
    expect(meanBatchBetween(after, after)).toBe(0);
  });

  it('refuses a scrape without the histogram, naming the sample', () => {
    expect(() => batchTotals('up 1')).toThrow(/has no ftd_serve_batch_size_sum sample/);
  });
});

describe('percentile', () => {
  it('is the nearest rank: of 1..100 the median is 50 and p99 is 99', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
