import type { Xception } from '../backbones/xception.ts';
import type { XceptionBlock } from '../backbones/xception-block.ts';
import type { SeparableConvBn } from '../modules/separable-conv-bn.ts';
import { slot, torchBatchNormSlots, torchConvBnSlots, type WeightSlot } from './weight-slot.ts';

/**
 * ftd's `xception-timm` under timm's `legacy_xception` state-dict keys. timm numbers the blocks from 1
 * (block1 ... block12 where Keras has block2 ... block13) and keeps each block's layers in one Sequential,
 * `rep`, whose indices count the ReLUs and the pool too: [ReLU, SeparableConv2d, BatchNorm2d] per unit, the
 * first ReLU left out where the block starts without one (block1).
 */
export function timmXceptionSlots(net: Xception): WeightSlot[] {
  const slots = [...torchConvBnSlots(net.conv1, 'conv1', 'bn1'), ...torchConvBnSlots(net.conv2, 'conv2', 'bn2')];
  const blocks = [...net.entry, ...(net.middle.stages as XceptionBlock[]), net.exitBlock];
  blocks.forEach((block, index) => {
    const prefix = `block${index + 1}`;
    const first = block.reluFirst ? 1 : 0;
    block.units.forEach((unit, i) => slots.push(...separable(unit, `${prefix}.rep.${first + 3 * i}`, `${prefix}.rep.${first + 3 * i + 1}`)));
    if (block.shortcut !== undefined) slots.push(...torchConvBnSlots(block.shortcut, `${prefix}.skip`, `${prefix}.skipbn`));
  });
  const [conv3, conv4] = net.exitConvs as [SeparableConvBn, SeparableConvBn];
  return [...slots, ...separable(conv3, 'conv3', 'bn3'), ...separable(conv4, 'conv4', 'bn4')];
}

/** timm's SeparableConv2d: `conv1` is the depthwise half, `pointwise` the 1x1. */
function separable(module: SeparableConvBn, conv: string, bn: string): WeightSlot[] {
  return [
    slot(`${conv}.conv1.weight`, module.conv.depthwise.kernel, 'depthwise-oihw'),
    slot(`${conv}.pointwise.weight`, module.conv.pointwise.kernel, 'oihw'),
    ...torchBatchNormSlots(bn, module.bn),
  ];
}
