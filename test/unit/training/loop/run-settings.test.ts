import { describe, expect, it } from 'vitest';
import { presets } from '../../../../src/training/config.ts';
import type { RunRecord } from '../../../../src/training/checkpoint/run-record.ts';
import { settingsForNewRun, settingsForResume } from '../../../../src/training/loop/run-settings.ts';

const split = { samples: 8, videos: 2, byType: {}, byCompression: {} };
const record: RunRecord = {
  format: 'ftd-run', version: 1, preset: 'tiny',
  config: { model: presets.tiny.model, train: { ...presets.tiny.train, learningRate: 0.02 } },
  step: 20, epoch: 2, seed: 0, status: 'interrupted',
  backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript' },
  data: { source: 'data/list.csv', root: '/data', format: 'synth', fingerprint: 'x', trainTypes: ['swap'], compressions: null, train: split, val: split, skipped: [] },
  metrics: [], epochInProgress: null, resumes: [],
};

describe('settingsForNewRun', () => {
  it('starts from the small preset and applies each flag', () => {
    const settings = settingsForNewRun({ out: 'o', epochs: 2, stepsPerEpoch: 5, batchSize: 3, learningRate: 0.1, mask: 'random', maskRatio: 0.5, mixup: false, seed: 7, trainTypes: ['swap'] });
    expect(settings.preset).toBe('small');
    expect(settings.train).toEqual({ ...presets.small.train, epochs: 2, stepsPerEpoch: 5, batchSize: 3, learningRate: 0.1, seed: 7 });
    expect(settings.model).toEqual({ ...presets.small.model, maskStrategy: 'random', maskRatio: 0.5, mixup: false });
    expect(settings.trainTypes).toEqual(['swap']);
    expect(settings.compressions).toBeNull();
  });

  it('names the flag in range errors', () => {
    expect(() => settingsForNewRun({ out: 'o', batchSize: 0 })).toThrow('--batch must be an integer >= 1, got 0');
    expect(() => settingsForNewRun({ out: 'o', epochs: Number.NaN })).toThrow('--epochs must be an integer >= 1, got NaN');
    expect(() => settingsForNewRun({ out: 'o', learningRate: -1 })).toThrow('--lr must be a finite number > 0, got -1');
    expect(() => settingsForNewRun({ out: 'o', maskRatio: 1 })).toThrow('--mask-ratio must be a number > 0 and < 1, got 1');
    expect(() => settingsForNewRun({ out: 'o', preset: 'huge' as never })).toThrow('--preset must be one of paper, small, tiny, got "huge"');
    expect(() => settingsForNewRun({ out: 'o', trainTypes: [] })).toThrow(TypeError);
  });

  it('rejects a mask ratio that masks nothing on the preset\'s grid', () => {
    // tiny: 4x4 grid, round(0.01 * 16) = 0 positions.
    expect(() => settingsForNewRun({ out: 'o', preset: 'tiny', maskRatio: 0.01 })).toThrow(/masks k = round\(maskRatio \* 16\) = 0/);
  });
});

describe('settingsForResume', () => {
  it('keeps the stored configuration when no flag is given', () => {
    const { settings, changes } = settingsForResume({ out: 'o', resume: true }, record);
    expect(settings).toEqual({ preset: 'tiny', model: record.config.model, train: record.config.train, trainTypes: ['swap'], compressions: null });
    expect(changes).toEqual([]);
  });

  it('accepts flags equal to the stored ones', () => {
    expect(settingsForResume({ out: 'o', preset: 'tiny', batchSize: 4, trainTypes: ['swap'], seed: 0 }, record).changes).toEqual([]);
  });

  it('lets --epochs extend the run and --lr change the rate, and reports both', () => {
    const { settings, changes } = settingsForResume({ out: 'o', epochs: 5, learningRate: 0.001 }, record);
    expect(settings.train.epochs).toBe(5);
    expect(settings.train.learningRate).toBe(0.001);
    expect(changes).toEqual(['epochs 3 -> 5', 'learningRate 0.02 -> 0.001']);
  });

  it('refuses flags that would change the batches or the model, naming the flag and both values', () => {
    expect(() => settingsForResume({ out: 'o', batchSize: 8 }, record)).toThrow(/^--batch 8 differs from the resumed run's 4; a resumed run keeps its configuration/);
    expect(() => settingsForResume({ out: 'o', preset: 'small' }, record)).toThrow(/--preset "small" differs from the resumed run's "tiny"/);
    expect(() => settingsForResume({ out: 'o', trainTypes: ['reenact'] }, record)).toThrow(/--train-types \["reenact"\] differs from the resumed run's \["swap"\]/);
    expect(() => settingsForResume({ out: 'o', mixup: false }, record)).toThrow(/--no-mixup false differs from the resumed run's true/);
  });

  it('refuses fewer epochs than already done', () => {
    expect(() => settingsForResume({ out: 'o', epochs: 1 }, record)).toThrow('--epochs 1 is fewer than the 2 epochs the resumed run has already completed');
  });
});
