import { Rng } from '../util/rng.ts';
import { imageHash } from './image-hash.ts';

/**
 * The deployed `random` mask for n images NCHW [n, 3, S, S]: 0 at k positions per image, 1 elsewhere, as
 * [n, positions]. Image i's positions are the first k of a permutation drawn from
 * `new Rng([seed, 'mask', imageHash(image i)])`: they follow from the image itself, so an image gets the same
 * mask alone, anywhere in a batch and in any chunk of a micro-batched server. Identical images share a mask.
 */
export function deployedRandomMask(images: Float32Array, n: number, positions: number, k: number, seed: number): Float32Array {
  if (n > 0 && images.length % n !== 0) {
    throw new RangeError(`random mask: ${images.length} pixel values do not split into ${n} images`);
  }
  const imageLength = n > 0 ? images.length / n : 0;
  const mask = new Float32Array(n * positions).fill(1);
  for (let i = 0; i < n; i++) {
    const image = images.subarray(i * imageLength, (i + 1) * imageLength);
    for (const position of new Rng([seed, 'mask', imageHash(image)]).permutation(positions).slice(0, k)) {
      mask[i * positions + position] = 0;
    }
  }
  return mask;
}
