import type { StoredTensor } from '../checkpoint/safetensors.ts';
import type { BackboneArchitecture } from '../config.ts';

/**
 * Which architecture a torchvision or timm state dict belongs to, from its keys, so that a file given to the
 * wrong --backbone gets a hint beside the list of missing keys. undefined: none of ours.
 */
export function recognizeStateDict(tensors: ReadonlyMap<string, StoredTensor>): BackboneArchitecture | undefined {
  const names = [...tensors.keys()];
  if (names.some((name) => name.startsWith('block1.rep.'))) return 'xception-timm';
  if (!names.includes('layer4.0.conv1.weight')) return undefined;
  // ResNet18 has 2 BasicBlocks in layer3, ResNet34 6.
  const layer3Blocks = new Set(names.filter((name) => name.startsWith('layer3.')).map((name) => name.split('.')[1])).size;
  return layer3Blocks === 2 ? 'resnet18' : layer3Blocks === 6 ? 'resnet34' : undefined;
}
