import { describe, expect, it } from 'vitest';
import { formatTrainBench, median } from '../../../../src/training/bench/format-train-bench.ts';
import { parseChildOutput, type TrainMeasurement } from '../../../../src/training/bench/train-measurement.ts';

const measured: TrainMeasurement = {
  status: 'measured',
  backend: 'webgpu',
  package: '@tensorflow/tfjs-backend-webgpu',
  device: 'llvmpipe: Mesa 25.0.7',
  warnings: [],
  preset: 'small',
  imageSize: 64,
  batchSize: 16,
  warmup: 2,
  steps: 3,
  firstStepSeconds: 9.5,
  stepSeconds: [2, 1, 4],
  imagesPerSecond: 48 / 7,
};

describe('formatTrainBench', () => {
  it('writes one row per back end with the median step and img/s, and why a back end did not run', () => {
    const table = formatTrainBench(
      [measured, { status: 'unavailable', backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed\nsecond line' }],
      { cores: 2, loadBefore: 1.5, loadAfter: 2.25 },
    );
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^Training step \(upload, forward, loss, gradients, SGD update\) on synthetic random batches: image decoding is not measured\. 2 cores; 1-minute load average 1\.50 before, 2\.25 after\.$/);
    const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());
    expect(cells(lines[2]!)).toEqual(['back end', 'device', 'preset', 'batch', 'steps', 'first step s', 'median step s', 'img/s']);
    expect(cells(lines[4]!)).toEqual(['webgpu', 'llvmpipe: Mesa 25.0.7', 'small (64 px)', '16', '3', '9.500', '2.000', '6.86']);
    expect(cells(lines[5]!)).toEqual(['tensorflow', 'unavailable: @tensorflow/tfjs-node is not installed', '', '', '', '', '', '']);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('parseChildOutput', () => {
  it('reads the last line of stdout, past anything printed before it', () => {
    expect(parseChildOutput(`a tfjs notice\n${JSON.stringify(measured)}\n`, 'webgpu')).toEqual(measured);
    expect(parseChildOutput('{"status":"failed","backend":"cpu","reason":"out of memory"}', 'cpu')).toEqual({ status: 'failed', backend: 'cpu', reason: 'out of memory' });
  });

  it('refuses output that is not a result, naming the back end', () => {
    expect(() => parseChildOutput('Segmentation fault', 'webgpu')).toThrow(/^the webgpu benchmark process printed no JSON result; its last line was "Segmentation fault"$/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, stepSeconds: [] }), 'webgpu')).toThrow(/reported stepSeconds \[\]; expected positive numbers/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, imagesPerSecond: 0 }), 'webgpu')).toThrow(/reported imagesPerSecond 0; expected a positive number/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, backend: 'wasm' }), 'wasm')).toThrow(/expected an object with a back-end name/);
  });
});
