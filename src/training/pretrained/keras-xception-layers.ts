import type { Xception } from '../backbones/xception.ts';
import type { XceptionBlock } from '../backbones/xception-block.ts';
import type { BatchNorm } from '../modules/batch-norm.ts';
import type { ConvBn } from '../modules/conv-bn.ts';
import type { SeparableConvBn } from '../modules/separable-conv-bn.ts';
import { assertEpsilon, slot, type WeightSlot } from './weight-slot.ts';

/** A Keras layer with weights: its name in Keras's Xception and its weights in Keras's order. */
export interface KerasLayer {
  readonly name: string;
  /** Sources are named `<layer>/<weight>`, e.g. `block2_sepconv1/depthwise_kernel`. */
  readonly weights: readonly WeightSlot[];
}

/**
 * ftd's Xception as the layers with weights of Keras's `applications.Xception(include_top=False)`, in the
 * order of the Keras model's layers, which is the order its h5 weight files hold them in. The four shortcut
 * convolutions and their BatchNorms have no name in Keras's source, so their names in a file are whatever
 * Keras generated when it was saved (conv2d_1 ..., or convolution2d_3 ... in Keras 1); the names here are
 * for messages only. Middle-flow blocks are numbered from block5 and the exit flow follows them, as in
 * Keras's loop (block13 and block14 with its 8 middle blocks).
 */
export function kerasXceptionLayers(net: Xception): KerasLayer[] {
  const layers: KerasLayer[] = [...convBn(net.conv1, 'block1_conv1'), ...convBn(net.conv2, 'block1_conv2')];
  const blocks = [...net.entry, ...(net.middle.stages as XceptionBlock[]), net.exitBlock];
  let shortcuts = 0;
  blocks.forEach((block, index) => {
    block.units.forEach((unit, i) => layers.push(...separable(unit, `block${index + 2}_sepconv${i + 1}`)));
    if (block.shortcut !== undefined) {
      shortcuts += 1;
      layers.push(
        { name: `conv2d_${shortcuts}`, weights: [slot(`conv2d_${shortcuts}/kernel`, block.shortcut.conv.kernel, 'as-is')] },
        batchNorm(block.shortcut.bn, `batch_normalization_${shortcuts}`),
      );
    }
  });
  const exitBlock = blocks.length + 2;
  net.exitConvs.forEach((conv, i) => layers.push(...separable(conv, `block${exitBlock}_sepconv${i + 1}`)));
  return layers;
}

function convBn(module: ConvBn, name: string): KerasLayer[] {
  return [{ name, weights: [slot(`${name}/kernel`, module.conv.kernel, 'as-is')] }, batchNorm(module.bn, `${name}_bn`)];
}

function separable(module: SeparableConvBn, name: string): KerasLayer[] {
  const weights = [slot(`${name}/depthwise_kernel`, module.conv.depthwise.kernel, 'as-is'), slot(`${name}/pointwise_kernel`, module.conv.pointwise.kernel, 'as-is')];
  return [{ name, weights }, batchNorm(module.bn, `${name}_bn`)];
}

function batchNorm(bn: BatchNorm, name: string): KerasLayer {
  assertEpsilon(bn, 1e-3, name, 'Keras');
  const weights = [slot(`${name}/gamma`, bn.gamma, 'as-is'), slot(`${name}/beta`, bn.beta, 'as-is'),
    slot(`${name}/moving_mean`, bn.movingMean, 'as-is'), slot(`${name}/moving_variance`, bn.movingVariance, 'as-is')];
  return { name, weights };
}
