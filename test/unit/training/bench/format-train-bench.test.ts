import { describe, expect, it } from 'vitest';
import { formatTrainBench, median, ratiosToReference } from '../../../../src/training/bench/format-train-bench.ts';
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
  parameters: 307273,
  kernelsPerStep: 3143,
  gpuProgramsPerStep: 2174,
  hostSecondsPerStep: 1.75,
  hostClock: 'main thread',
};

const torch: TrainMeasurement = {
  ...measured,
  backend: 'torch',
  package: 'torch 1.13.0',
  device: 'cpu, 2 threads',
  firstStepSeconds: 0.4,
  stepSeconds: [0.25, 0.25, 0.25],
  imagesPerSecond: 64,
  kernelsPerStep: 10072,
  gpuProgramsPerStep: undefined,
  hostSecondsPerStep: 0.2,
  hostClock: 'process',
};

const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());

describe('formatTrainBench', () => {
  it('writes one row per back end with its ratio to PyTorch, host time and kernels, and why a back end did not run', () => {
    const table = formatTrainBench(
      [measured, { status: 'unavailable', backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed\nsecond line' }, torch],
      { cores: 2, loadBefore: 1.5, loadAfter: 2.25 },
    );
    const lines = table.split('\n');
    expect(lines[0]).toBe(
      'Training step (upload, forward, loss, gradients, SGD update) of `small` (64 px), batch 16, 2 warm-up + 3 timed steps, on synthetic ' +
        'random batches: image decoding is not measured. 2 cores; 1-minute load average 1.50 before, 2.25 after.',
    );
    expect(cells(lines[2]!)).toEqual(['back end', 'device', 'first step s', 'median step s', 'img/s', 'vs PyTorch', 'host ms/step', 'host share', 'kernels/step']);
    // 48/7 img/s over 64 img/s; 1.75 s of host time over a mean step of 7/3 s.
    expect(cells(lines[4]!)).toEqual(['webgpu', 'llvmpipe: Mesa 25.0.7', '9.500', '2.000', '6.86', '0.11x PyTorch', '1750.0', '75%', '3,143 (2,174 GPU)']);
    expect(cells(lines[5]!)).toEqual(['tensorflow', 'unavailable: @tensorflow/tfjs-node is not installed', '', '', '', '', '', '', '']);
    expect(cells(lines[6]!)).toEqual(['torch', 'cpu, 2 threads', '0.400', '0.250', '64.00', 'reference', '200.0 (process)', '80%', '10,072']);
    expect(table).toMatch(/\nhost ms\/step: CPU time of the main thread per timed step/);
  });

  it('leaves the ratio empty when PyTorch did not run', () => {
    const table = formatTrainBench([measured, { status: 'unavailable', backend: 'torch', reason: '/usr/bin/python3 has no torch (apt-get install python3-torch)' }], { cores: 2, loadBefore: 0, loadAfter: 0 });
    const lines = table.split('\n');
    expect(cells(lines[4]!)[5]).toBe('');
    expect(cells(lines[5]!)).toEqual(['torch', 'unavailable: /usr/bin/python3 has no torch (apt-get install python3-torch)', '', '', '', '', '', '', '']);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('ratiosToReference', () => {
  it('divides each measured tfjs row by the torch row, and is empty without one', () => {
    expect(ratiosToReference([measured, { ...measured, backend: 'cpu', imagesPerSecond: 16 }, torch])).toEqual({ webgpu: 48 / 7 / 64, cpu: 0.25 });
    expect(ratiosToReference([measured])).toEqual({});
  });
});

describe('parseChildOutput', () => {
  it('reads the last line of stdout, past anything printed before it', () => {
    expect(parseChildOutput(`a tfjs notice\n${JSON.stringify(measured)}\n`, 'webgpu')).toEqual(measured);
    expect(parseChildOutput(JSON.stringify(torch), 'torch')).toEqual(JSON.parse(JSON.stringify(torch)));
    expect(parseChildOutput('{"status":"failed","backend":"cpu","reason":"out of memory"}', 'cpu')).toEqual({ status: 'failed', backend: 'cpu', reason: 'out of memory' });
  });

  it('refuses output that is not a result, naming the back end', () => {
    expect(() => parseChildOutput('Segmentation fault', 'webgpu')).toThrow(/^the webgpu benchmark process printed no JSON result; its last line was "Segmentation fault"$/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, stepSeconds: [] }), 'webgpu')).toThrow(/reported stepSeconds \[\]; expected positive numbers/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, imagesPerSecond: 0 }), 'webgpu')).toThrow(/reported imagesPerSecond 0; expected a positive number/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, kernelsPerStep: undefined }), 'webgpu')).toThrow(/reported kernelsPerStep undefined; expected a positive number/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, hostSecondsPerStep: -1 }), 'webgpu')).toThrow(/reported hostSecondsPerStep -1; expected a number >= 0/);
    expect(() => parseChildOutput(JSON.stringify({ ...measured, backend: 'nope' }), 'nope')).toThrow(/expected an object with a back-end name/);
  });
});
