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

describe('settingsForNewRun: the backbones', () => {
  it('replaces the preset\'s architecture, keeping its width, stride, middle flow and momentum unless given', () => {
    const { model, init } = settingsForNewRun({ out: 'o', preset: 'tiny', backbone: 'resnet18' });
    expect(model.teacherBackbone).toEqual({ architecture: 'resnet18', widthMultiplier: 0.0625, outputStride: 8, batchNormMomentum: 0.9 });
    expect(model.studentBackbone).toEqual(model.teacherBackbone);
    expect(init).toBeUndefined();
    const pair = settingsForNewRun({ out: 'o', preset: 'small', backbone: 'resnet34', studentBackbone: 'xception-timm', widthMultiplier: 0.25, outputStride: 16 }).model;
    expect(pair.teacherBackbone).toEqual({ architecture: 'resnet34', widthMultiplier: 0.25, outputStride: 16, batchNormMomentum: 0.9 });
    expect(pair.studentBackbone).toEqual({ architecture: 'xception-timm', widthMultiplier: 0.25, outputStride: 16, middleBlocks: 0, batchNormMomentum: 0.9 });
    expect(settingsForNewRun({ out: 'o', preset: 'paper', backbone: 'xception-timm' }).model.teacherBackbone).toEqual({ architecture: 'xception-timm', widthMultiplier: 1, outputStride: 32, middleBlocks: 8 });
  });

  it('gives a pretrained backbone the input scaling its weights were trained with, and names the files', () => {
    const both = settingsForNewRun({ out: 'o', preset: 'paper', backbone: 'resnet18', init: 'r18.safetensors' });
    expect(both.model.teacherBackbone.inputNormalization).toEqual({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(both.init).toEqual({ teacher: { path: 'r18.safetensors', flag: '--init' }, student: { path: 'r18.safetensors', flag: '--init' }, strict: true });
    const one = settingsForNewRun({ out: 'o', preset: 'paper', studentBackbone: 'resnet34', initTeacher: 'x.h5', initNonStrict: true });
    expect(one.model.teacherBackbone.inputNormalization).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(one.model.studentBackbone.inputNormalization).toBeUndefined();
    expect(one.init).toEqual({ teacher: { path: 'x.h5', flag: '--init-teacher' }, student: undefined, strict: false });
  });

  it('names the flag when the choice cannot be used', () => {
    expect(() => settingsForNewRun({ out: 'o', backbone: 'resnet18', studentBackbone: 'xception', init: 'w.safetensors' }))
      .toThrow("--init loads one file into both backbones, but the teacher is resnet18 and the student xception; give each its own file with --init-teacher and --init-student");
    expect(() => settingsForNewRun({ out: 'o', init: 'a', initStudent: 'b' })).toThrow(/^--init gives both backbones one file; pass either --init, or --init-teacher and\/or --init-student$/);
    expect(() => settingsForNewRun({ out: 'o', initNonStrict: true })).toThrow(/^--init-non-strict changes how --init, --init-teacher or --init-student load, but none of them was given$/);
    expect(() => settingsForNewRun({ out: 'o', backbone: 'vgg16' as never })).toThrow('--backbone must be one of xception, xception-timm, resnet18, resnet34, got "vgg16"');
    expect(() => settingsForNewRun({ out: 'o', widthMultiplier: 0 })).toThrow('--width-multiplier must be a finite number > 0, got 0');
    expect(() => settingsForNewRun({ out: 'o', outputStride: 4 })).toThrow('--output-stride must be one of 8, 16, 32, got 4');
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
    expect(() => settingsForResume({ out: 'o', backbone: 'resnet18' }, record)).toThrow(/^--backbone "resnet18" differs from the resumed run's "xception"/);
    expect(() => settingsForResume({ out: 'o', outputStride: 16 }, record)).toThrow(/^--output-stride 16 differs from the resumed run's 8/);
    expect(() => settingsForResume({ out: 'o', init: 'w.h5' }, record)).toThrow(/^--init sets where a new run starts; a resumed run continues from its checkpoint$/);
    expect(settingsForResume({ out: 'o', backbone: 'xception', initNonStrict: false }, record).changes).toEqual([]);
    expect(() => settingsForResume({ out: 'o', preset: 'small' }, record)).toThrow(/--preset "small" differs from the resumed run's "tiny"/);
    expect(() => settingsForResume({ out: 'o', trainTypes: ['reenact'] }, record)).toThrow(/--train-types \["reenact"\] differs from the resumed run's \["swap"\]/);
    expect(() => settingsForResume({ out: 'o', mixup: false }, record)).toThrow(/--no-mixup false differs from the resumed run's true/);
  });

  it('refuses fewer epochs than already done', () => {
    expect(() => settingsForResume({ out: 'o', epochs: 1 }, record)).toThrow('--epochs 1 is fewer than the 2 epochs the resumed run has already completed');
  });
});
