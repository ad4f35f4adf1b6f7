import type { BasicBlock } from '../backbones/basic-block.ts';
import type { ResNet } from '../backbones/resnet.ts';
import { torchConvBnSlots, type WeightSlot } from './weight-slot.ts';

/**
 * ftd's ResNet under torchvision's state-dict keys (conv1.weight, bn1.*, layer1.0.conv1.weight,
 * layer2.0.downsample.0.weight, ...), the names of `torchvision.models.resnet18().state_dict()`.
 */
export function torchvisionResNetSlots(net: ResNet): WeightSlot[] {
  const slots = torchConvBnSlots(net.conv1, 'conv1', 'bn1');
  net.layers.forEach((layer, stage) => {
    layer.stages.forEach((stageBlock, index) => {
      const block = stageBlock as BasicBlock;
      const prefix = `layer${stage + 1}.${index}`;
      slots.push(...torchConvBnSlots(block.conv1, `${prefix}.conv1`, `${prefix}.bn1`), ...torchConvBnSlots(block.conv2, `${prefix}.conv2`, `${prefix}.bn2`));
      if (block.downsample !== undefined) slots.push(...torchConvBnSlots(block.downsample, `${prefix}.downsample.0`, `${prefix}.downsample.1`));
    });
  });
  return slots;
}
