import type { Rng } from '../../util/rng.ts';
import { backboneArchitectures, outputStrides, type BackboneConfig } from '../config.ts';
import type { Backbone } from './backbone.ts';
import { ResNet, resnet18Blocks, resnet34Blocks } from './resnet.ts';
import { Xception } from './xception.ts';

/** Middle-flow blocks of the published Xception. */
export const defaultMiddleBlocks = 8;

/**
 * The backbone a config describes, its weights drawn from `rng`. `field` names the config's place in its
 * file ('teacherBackbone', ...) for error messages.
 */
export function createBackbone(config: BackboneConfig, rng: Rng, field = 'backbone'): Backbone {
  validateBackboneConfig(config, field);
  const { widthMultiplier, outputStride, batchNormMomentum, inputNormalization } = config;
  const common = { widthMultiplier, outputStride, batchNormMomentum, inputNormalization };
  const middleBlocks = config.middleBlocks ?? defaultMiddleBlocks;
  switch (config.architecture) {
    case 'xception':
      return new Xception({ ...common, middleBlocks, reference: 'keras' }, rng);
    case 'xception-timm':
      return new Xception({ ...common, middleBlocks, reference: 'timm' }, rng);
    case 'resnet18':
      return new ResNet({ ...common, blocks: resnet18Blocks }, rng);
    case 'resnet34':
      return new ResNet({ ...common, blocks: resnet34Blocks }, rng);
  }
}

/** Throws a TypeError or RangeError naming the field when `config` is not a usable backbone config. */
export function validateBackboneConfig(config: BackboneConfig, field = 'backbone'): void {
  const show = (value: unknown) => JSON.stringify(value);
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`${field}: expected an object {architecture, widthMultiplier, outputStride}, got ${show(config)}`);
  }
  const { architecture, widthMultiplier, outputStride, middleBlocks } = config;
  if (!backboneArchitectures.includes(architecture)) {
    const expected = backboneArchitectures.join(', ');
    throw new RangeError(`${field}.architecture: expected one of ${expected}, got ${show(architecture)}`);
  }
  if (typeof widthMultiplier !== 'number') {
    throw new TypeError(`${field}.widthMultiplier: expected a number, got ${show(widthMultiplier)}`);
  }
  if (!Number.isFinite(widthMultiplier) || widthMultiplier <= 0) {
    throw new RangeError(`${field}.widthMultiplier: expected a finite number > 0, got ${widthMultiplier}`);
  }
  if (!outputStrides.includes(outputStride)) {
    throw new RangeError(`${field}.outputStride: expected one of ${outputStrides.join(', ')}, got ${show(outputStride)}`);
  }
  if (architecture.startsWith('xception') && middleBlocks !== undefined && !(Number.isInteger(middleBlocks) && middleBlocks >= 0)) {
    throw new RangeError(`${field}.middleBlocks: expected an integer >= 0, got ${show(middleBlocks)}`);
  }
  const momentum = config.batchNormMomentum;
  if (momentum !== undefined && !(typeof momentum === 'number' && momentum >= 0 && momentum < 1)) {
    throw new RangeError(`${field}.batchNormMomentum: expected a number in [0, 1), got ${show(momentum)}`);
  }
}
