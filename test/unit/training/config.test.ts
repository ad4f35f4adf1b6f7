import { describe, expect, it } from 'vitest';
import { featureGrid, presets, validateModelConfig, validateTrainConfig, type ModelConfig } from '../../../src/training/config.ts';

/** A deep copy of a preset's model config with one field replaced, as untyped JSON from a file would be. */
function withField(path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(presets.small.model)) as Record<string, any>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key];
  if (value === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = value;
  return copy;
}

describe('presets', () => {
  it('paper is the published setting', () => {
    const { model, train } = presets.paper;
    expect(model.imageSize).toBe(224);
    expect(model.teacherBackbone).toEqual({ architecture: 'xception', widthMultiplier: 1, outputStride: 32, middleBlocks: 8 });
    expect(model.vit).toEqual({ dim: 768, heads: 6, mlpDim: 2048, blocks: 6 });
    expect([model.maskStrategy, model.maskRatio, model.diversityWeight, model.mixup, model.mixupAlpha]).toEqual(['high', 0.25, 0.1, true, 1]);
    expect(train).toMatchObject({ batchSize: 32, learningRate: 1e-2, momentum: 0.9, lrDecay: 0.9, stepsPerEpoch: 300 });
  });

  it.each([
    ['paper', { h: 7, w: 7, k: 12 }],
    ['small', { h: 8, w: 8, k: 16 }],
    ['tiny', { h: 4, w: 4, k: 4 }],
  ] as const)('%s has the feature grid %o', (name, grid) => {
    expect(featureGrid(presets[name].model)).toEqual(grid);
  });

  it('cannot be changed in place', () => {
    expect(() => {
      (presets.tiny.model.teacherBackbone as { widthMultiplier: number }).widthMultiplier = 2;
    }).toThrow(TypeError);
    expect(presets.tiny.model.studentBackbone.widthMultiplier).toBe(0.0625);
  });

  it.each(['paper', 'small', 'tiny'] as const)('%s passes its own validation unchanged', (name) => {
    const json = JSON.parse(JSON.stringify(presets[name]));
    expect(validateModelConfig(json.model, name)).toEqual(presets[name].model);
    expect(validateTrainConfig(json.train, name)).toEqual(presets[name].train);
  });
});

describe('validateModelConfig', () => {
  const cases: Array<[string, unknown, typeof TypeError | typeof RangeError, RegExp]> = [
    ['vit.dim', 30, RangeError, /run\.json: vit\.dim must be divisible by vit\.heads \(4\), got 30/],
    ['vit.heads', 0, RangeError, /vit\.heads must be an integer >= 1, got 0/],
    ['maskRatio', 0, RangeError, /maskRatio must be a number > 0 and < 1, got 0/],
    ['maskRatio', 1, RangeError, /maskRatio must be a number > 0 and < 1, got 1/],
    ['maskRatio', '0.25', TypeError, /maskRatio must be a finite number, got "0.25"/],
    ['maskRatio', 0.001, RangeError, /maskRatio 0.001 masks k = round\(maskRatio \* 64\) = 0 of the 8x8 positions/],
    ['maskStrategy', 'top', RangeError, /maskStrategy must be one of "high", "low", "random", "none", got "top"/],
    ['imageSize', 60, RangeError, /imageSize \(60\) must be a multiple of teacherBackbone\.outputStride \(8\)/],
    ['imageSize', undefined, TypeError, /imageSize must be an integer, got nothing \(the field is missing\)/],
    ['studentBackbone.outputStride', 16, RangeError, /the teacher's 8x8 feature grid \(64 px \/ teacherBackbone\.outputStride 8\) differs from the student's 4x4 \(studentBackbone\.outputStride 16\)/],
    ['teacherBackbone.inputNormalization', { mean: [0.5, 0.5], std: [0.5, 0.5, 0.5] }, RangeError, /teacherBackbone\.inputNormalization\.mean must hold one number per RGB channel, got 2/],
    ['teacherBackbone.inputNormalization', { mean: [0.5, 0.5, 0.5], std: [0.5, 0, 0.5] }, RangeError, /teacherBackbone\.inputNormalization\.std\.1 must be a number > 0, got 0/],
    ['teacherBackbone.inputNormalization', { mean: [0, 0, 0], std: [1, 1, 1], scale: 2 }, TypeError, /unknown field teacherBackbone\.inputNormalization\.scale/],
    ['teacherBackbone.outputStride', 4, RangeError, /teacherBackbone\.outputStride must be one of 8, 16, 32, got 4/],
    ['teacherBackbone.architecture', 'vgg', RangeError, /teacherBackbone\.architecture must be one of "xception"/],
    ['teacherBackbone.widthMultiplier', -1, RangeError, /teacherBackbone\.widthMultiplier must be a number > 0, got -1/],
    ['teacherBackbone.middleBlocks', 1.5, TypeError, /teacherBackbone\.middleBlocks must be an integer, got 1.5/],
    ['mixup', 1, TypeError, /mixup must be true or false, got 1/],
    ['mixupAlpha', 0, RangeError, /mixupAlpha must be a number > 0, got 0/],
    ['diversityWeight', -0.1, RangeError, /diversityWeight must be a number >= 0, got -0.1/],
    ['vit', [], TypeError, /run\.json: vit must be an object, got \[\]/],
    ['maskRaito', 0.3, TypeError, /unknown field maskRaito; expected one of imageSize/],
    ['vit.depth', 2, TypeError, /unknown field vit\.depth/],
  ];
  it.each(cases)('rejects %s = %j', (field, value, kind, message) => {
    const call = () => validateModelConfig(withField(field, value), 'run.json');
    expect(call).toThrow(kind);
    expect(call).toThrow(message);
  });

  it('rejects a config that is not an object', () => {
    expect(() => validateModelConfig(null, 'run.json model')).toThrow(/run\.json model: the configuration must be an object, got null/);
  });

  it('reads every architecture and an input normalization back as written', () => {
    for (const architecture of ['xception', 'xception-timm', 'resnet18', 'resnet34'] as const) {
      const teacherBackbone = { architecture, widthMultiplier: 0.125, outputStride: 8, inputNormalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } };
      const config = validateModelConfig({ ...presets.small.model, teacherBackbone });
      expect(config.teacherBackbone).toEqual(teacherBackbone);
    }
  });

  it('accepts an omitted middleBlocks and any k for the none strategy', () => {
    const config: ModelConfig = validateModelConfig({ ...withField('teacherBackbone.middleBlocks', undefined), maskStrategy: 'none', maskRatio: 0.001 });
    expect(config.teacherBackbone.middleBlocks).toBeUndefined();
    expect(featureGrid(config).k).toBe(0);
  });
});

describe('validateTrainConfig', () => {
  it.each([
    ['momentum', 1, RangeError, /momentum must be a number >= 0 and < 1, got 1/],
    ['lrDecay', 0, RangeError, /lrDecay must be a number > 0 and <= 1, got 0/],
    ['batchSize', 2.5, TypeError, /batchSize must be an integer, got 2.5/],
    ['learningRate', Number.NaN, TypeError, /learningRate must be a finite number, got NaN/],
    ['seed', 'x', TypeError, /seed must be an integer, got "x"/],
  ] as const)('rejects %s = %s', (field, value, kind, message) => {
    const call = () => validateTrainConfig({ ...presets.tiny.train, [field]: value }, 'flags');
    expect(call).toThrow(kind);
    expect(call).toThrow(message);
  });
});
