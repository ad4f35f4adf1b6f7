/**
 * The configuration of the learning-to-mask model and its training, the named presets, and the checks
 * applied where a configuration enters from outside (a run.json, a CLI override).
 */

import { maskStrategies, type MaskStrategy } from '../runtime-common/topk-mask.ts';
import { JsonFields } from '../util/json-fields.ts';

/**
 * `xception` is Keras's Xception (Glorot initialisation, BatchNorm epsilon 1e-3, 'same' pools); `xception-timm`
 * is timm's `legacy_xception`, the PyTorch port DeepfakeBench uses (He initialisation, epsilon 1e-5, pools
 * padded by one on both sides), whose ImageNet weights need its own arithmetic to reproduce its features.
 */
export type BackboneArchitecture = 'xception' | 'xception-timm' | 'resnet18' | 'resnet34';
export const backboneArchitectures: readonly BackboneArchitecture[] = ['xception', 'xception-timm', 'resnet18', 'resnet34'];

/** Output strides the backbones support: the last stages trade stride for dilation below 32. */
export const outputStrides: readonly number[] = [8, 16, 32];

export interface BackboneConfig {
  /** The CNN family; the paper's default is Xception, ResNet18/34 are its Table 5 alternatives. */
  architecture: BackboneArchitecture;
  /** Scales every stage's channel count (1 = the published widths); small values make CPU-sized nets. */
  widthMultiplier: number;
  /** Input size / feature-map size; 32 is the published network, 8 keeps an 8x8 map from 64 px inputs. */
  outputStride: number;
  /** Xception middle-flow repetitions (8 in the published network); ResNets have none. */
  middleBlocks?: number;
  /**
   * Weight of the old BatchNorm running average at each training step (PyTorch's momentum m is 1 - m here).
   * Unset: Keras's 0.99 for Xception, torchvision's 0.9 for ResNets. Short runs want 0.9: at 0.99 the running
   * statistics that inference uses still lean on their initial values after a few hundred steps.
   */
  batchNormMomentum?: number;
  /**
   * (pixel - mean) / std per RGB channel before the first convolution, on pixels in [0, 1]: the scaling the
   * ImageNet weights `--init` loads were trained with. Unset: the pixels as they are.
   */
  inputNormalization?: { mean: number[]; std: number[] };
}

export interface ModelConfig {
  /** Side of the square RGB input in pixels, values in [0, 1]. */
  imageSize: number;
  /** The teacher's CNN, whose feature map feeds both the CNN classifier and the ViT. */
  teacherBackbone: BackboneConfig;
  /** The student's CNN, whose feature map is masked; its stride must give the teacher's grid. */
  studentBackbone: BackboneConfig;
  /** The teacher's ViT over the h*w feature vectors projected to `dim`. */
  vit: {
    /** Token width; the CNN channels are projected to it so that it can be divided among the heads. */
    dim: number;
    /** Attention heads per block; `dim` must be a multiple of it. */
    heads: number;
    /** Hidden width of each block's MLP. */
    mlpDim: number;
    /** Number of pre-norm transformer blocks; the attention map comes from the last one. */
    blocks: number;
  };
  /** Hidden width of the student's classifier MLP, Linear(c, headHidden) ReLU Linear(headHidden, 1). */
  headHidden: number;
  /** Which k feature positions the student loses: the most attended (the method), least, random, or none. */
  maskStrategy: MaskStrategy;
  /** Fraction of the h*w positions masked; k = round(maskRatio * h * w). */
  maskRatio: number;
  /** Whether the student's head also trains on mixed features F' and targets y' (deep mixup). */
  mixup: boolean;
  /** Mixup factors are drawn from Beta(mixupAlpha, mixupAlpha); 1 is uniform on [0, 1]. */
  mixupAlpha: number;
  /** Weight alpha of the head-diversity loss in the total loss. */
  diversityWeight: number;
}

export interface TrainConfig {
  /** Images per training step. */
  batchSize: number;
  /** SGD learning rate at step 0. */
  learningRate: number;
  /** SGD momentum. */
  momentum: number;
  /** The learning rate is multiplied by this after every epoch. */
  lrDecay: number;
  /** Steps (iterations) per epoch, the unit of the learning-rate decay. */
  stepsPerEpoch: number;
  /** Epochs to train; the run stops after epochs * stepsPerEpoch steps. */
  epochs: number;
  /** Seeds the initial weights, batch order, mixup and random masks. */
  seed: number;
}

export interface Preset {
  name: 'paper' | 'small' | 'tiny';
  model: ModelConfig;
  train: TrainConfig;
}

const paperBackbone: BackboneConfig = { architecture: 'xception', widthMultiplier: 1, outputStride: 32, middleBlocks: 8 };
const smallBackbone: BackboneConfig = { architecture: 'xception', widthMultiplier: 0.125, outputStride: 8, middleBlocks: 0, batchNormMomentum: 0.9 };
const tinyBackbone: BackboneConfig = { architecture: 'xception', widthMultiplier: 0.0625, outputStride: 8, middleBlocks: 0, batchNormMomentum: 0.9 };

const methodDefaults = {
  maskStrategy: 'high',
  maskRatio: 0.25,
  mixup: true,
  mixupAlpha: 1,
  diversityWeight: 0.1,
} as const satisfies Partial<ModelConfig>;

// Frozen, so that code which adjusts a preset in place (teacher and student share one backbone object) fails
// loudly instead of changing the preset for everyone; spread a copy instead.
export const presets: Record<Preset['name'], Preset> = deepFreeze({
  // The published setting: Xception at 224 px gives a 7x7x2048 map, so k = round(0.25 * 49) = 12.
  paper: {
    name: 'paper',
    model: {
      imageSize: 224,
      teacherBackbone: paperBackbone,
      studentBackbone: paperBackbone,
      vit: { dim: 768, heads: 6, mlpDim: 2048, blocks: 6 },
      // The paper does not give the head's width; a quarter of Xception's 2048 channels.
      headHidden: 512,
      ...methodDefaults,
    },
    // The paper does not give an epoch count; 30 epochs take the learning rate down to 0.9^29 ~ 0.05 of its start.
    train: { batchSize: 32, learningRate: 1e-2, momentum: 0.9, lrDecay: 0.9, stepsPerEpoch: 300, epochs: 30, seed: 0 },
  },
  // For CPUs and software Vulkan: 64 px through a quarter-width Xception at stride 8 gives an 8x8 map, k = 16.
  small: {
    name: 'small',
    model: {
      imageSize: 64,
      teacherBackbone: smallBackbone,
      studentBackbone: smallBackbone,
      vit: { dim: 32, heads: 4, mlpDim: 64, blocks: 2 },
      headHidden: 64,
      ...methodDefaults,
    },
    train: { batchSize: 16, learningRate: 1e-2, momentum: 0.9, lrDecay: 0.9, stepsPerEpoch: 100, epochs: 10, seed: 0 },
  },
  // For unit tests on tfjs's cpu back end: 32 px at stride 8 gives a 4x4 map, k = 4. The narrowest Xception
  // without middle blocks, because each middle block adds about a quarter to a cpu training step.
  tiny: {
    name: 'tiny',
    model: {
      imageSize: 32,
      teacherBackbone: tinyBackbone,
      studentBackbone: tinyBackbone,
      vit: { dim: 16, heads: 2, mlpDim: 32, blocks: 1 },
      headHidden: 16,
      ...methodDefaults,
    },
    train: { batchSize: 4, learningRate: 1e-2, momentum: 0.9, lrDecay: 0.9, stepsPerEpoch: 10, epochs: 3, seed: 0 },
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}

/** The student's feature grid (the teacher's, by validation) and the number of masked positions. */
export function featureGrid(config: ModelConfig): { h: number; w: number; k: number } {
  const side = config.imageSize / config.teacherBackbone.outputStride;
  return { h: side, w: side, k: Math.round(config.maskRatio * side * side) };
}

/**
 * Checks a model configuration that came from outside (a run.json, merged CLI overrides) and returns it
 * typed. `source` names where it came from, for the error ("runs/a/run.json model"). Unknown fields are
 * rejected so that a misspelt key does not silently fall back to a default.
 */
export function validateModelConfig(value: unknown, source = 'model config'): ModelConfig {
  const config = new JsonFields(value, source, '', 'the configuration');
  config.onlyKeys(['imageSize', 'teacherBackbone', 'studentBackbone', 'vit', 'headHidden', 'maskStrategy',
    'maskRatio', 'mixup', 'mixupAlpha', 'diversityWeight']);
  const imageSize = config.positiveInteger('imageSize');
  const teacherBackbone = readBackbone(config.object('teacherBackbone'));
  const studentBackbone = readBackbone(config.object('studentBackbone'));
  for (const [field, backbone] of [['teacherBackbone', teacherBackbone], ['studentBackbone', studentBackbone]] as const) {
    if (imageSize % backbone.outputStride !== 0) {
      throw new RangeError(`${source}: imageSize (${imageSize}) must be a multiple of ${field}.outputStride (${backbone.outputStride})`);
    }
  }
  if (studentBackbone.outputStride !== teacherBackbone.outputStride) {
    const grid = (stride: number) => `${imageSize / stride}x${imageSize / stride}`;
    throw new RangeError(`${source}: the teacher's ${grid(teacherBackbone.outputStride)} feature grid (${imageSize} px / ` +
      `teacherBackbone.outputStride ${teacherBackbone.outputStride}) differs from the student's ${grid(studentBackbone.outputStride)} ` +
      `(studentBackbone.outputStride ${studentBackbone.outputStride}); the teacher's attention masks the student's grid, so the output strides must be equal`);
  }
  const vitReader = config.object('vit');
  vitReader.onlyKeys(['dim', 'heads', 'mlpDim', 'blocks']);
  const vit = { dim: vitReader.positiveInteger('dim'), heads: vitReader.positiveInteger('heads'),
    mlpDim: vitReader.positiveInteger('mlpDim'), blocks: vitReader.positiveInteger('blocks') };
  if (vit.dim % vit.heads !== 0) {
    throw new RangeError(`${source}: vit.dim must be divisible by vit.heads (${vit.heads}), got ${vit.dim}`);
  }
  const model: ModelConfig = {
    imageSize, teacherBackbone, studentBackbone, vit,
    headHidden: config.positiveInteger('headHidden'),
    maskStrategy: config.oneOf('maskStrategy', maskStrategies),
    maskRatio: config.number('maskRatio', { above: 0, below: 1 }),
    mixup: config.boolean('mixup'),
    mixupAlpha: config.number('mixupAlpha', { above: 0 }),
    diversityWeight: config.number('diversityWeight', { atLeast: 0 }),
  };
  const { h, w, k } = featureGrid(model);
  if (model.maskStrategy !== 'none' && (k < 1 || k >= h * w)) {
    throw new RangeError(`${source}: maskRatio ${model.maskRatio} masks k = round(maskRatio * ${h * w}) = ${k} ` +
      `of the ${h}x${w} positions; expected between 1 and ${h * w - 1}`);
  }
  return model;
}

/** Checks a training configuration that came from outside; see `validateModelConfig`. */
export function validateTrainConfig(value: unknown, source = 'train config'): TrainConfig {
  const config = new JsonFields(value, source, '', 'the configuration');
  config.onlyKeys(['batchSize', 'learningRate', 'momentum', 'lrDecay', 'stepsPerEpoch', 'epochs', 'seed']);
  return {
    batchSize: config.positiveInteger('batchSize'),
    learningRate: config.number('learningRate', { above: 0 }),
    momentum: config.number('momentum', { atLeast: 0, below: 1 }),
    lrDecay: config.number('lrDecay', { above: 0, atMost: 1 }),
    stepsPerEpoch: config.positiveInteger('stepsPerEpoch'),
    epochs: config.positiveInteger('epochs'),
    seed: config.integer('seed'),
  };
}

function readBackbone(backbone: JsonFields): BackboneConfig {
  backbone.onlyKeys(['architecture', 'widthMultiplier', 'outputStride', 'middleBlocks', 'batchNormMomentum', 'inputNormalization']);
  const out: BackboneConfig = {
    architecture: backbone.oneOf('architecture', backboneArchitectures),
    widthMultiplier: backbone.number('widthMultiplier', { above: 0 }),
    outputStride: backbone.oneOf('outputStride', outputStrides),
  };
  if (backbone.has('middleBlocks')) out.middleBlocks = backbone.integer('middleBlocks', 0);
  if (backbone.has('batchNormMomentum')) out.batchNormMomentum = backbone.number('batchNormMomentum', { atLeast: 0, below: 1 });
  if (backbone.has('inputNormalization')) out.inputNormalization = readInputNormalization(backbone.object('inputNormalization'));
  return out;
}

function readInputNormalization(normalization: JsonFields): { mean: number[]; std: number[] } {
  normalization.onlyKeys(['mean', 'std']);
  const rgb = (key: 'mean' | 'std', bounds: { above?: number }) => {
    const values = normalization.array(key);
    if (values.length !== 3) {
      throw new RangeError(`${normalization.source}: ${normalization.field(key)} must hold one number per RGB channel, got ${values.length}`);
    }
    const channels = new JsonFields({ ...values }, normalization.source, normalization.field(key));
    return values.map((_, i) => channels.number(String(i), bounds));
  };
  return { mean: rgb('mean', {}), std: rgb('std', { above: 0 }) };
}
