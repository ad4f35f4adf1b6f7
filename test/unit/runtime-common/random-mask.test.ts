import { describe, expect, it } from 'vitest';
import { imageHash } from '../../../src/runtime-common/image-hash.ts';
import { deployedRandomMask } from '../../../src/runtime-common/random-mask.ts';
import { Rng } from '../../../src/util/rng.ts';

const imageLength = 3 * 4 * 4;
const positions = 16;
const k = 4;

function images(count: number, seed: number): Float32Array[] {
  const rng = new Rng([seed, 'random-mask images']);
  return Array.from({ length: count }, () => Float32Array.from({ length: imageLength }, () => rng.uniform()));
}

function batch(list: Float32Array[]): Float32Array {
  const out = new Float32Array(list.length * imageLength);
  list.forEach((image, i) => out.set(image, i * imageLength));
  return out;
}

function zeros(row: Float32Array): number[] {
  return [...row.keys()].filter((i) => row[i] === 0);
}

describe('imageHash', () => {
  it('is FNV-1a over the float32 values as little-endian bytes', () => {
    // 1.0 is 0x3f800000: bytes 00 00 80 3f; the reference value computed byte by byte.
    let expected = 0x811c9dc5;
    for (const byte of [0x00, 0x00, 0x80, 0x3f]) expected = Math.imul(expected ^ byte, 0x01000193) >>> 0;
    expect(imageHash(Float32Array.of(1))).toBe(expected);
    expect(imageHash(new Float32Array(0))).toBe(0x811c9dc5);
  });

  it('reads only the view it is given, and tells images one float apart', () => {
    const [image] = images(1, 1);
    const inside = new Float32Array(imageLength + 8);
    inside.set(image!, 4);
    expect(imageHash(inside.subarray(4, 4 + imageLength))).toBe(imageHash(image!));
    const changed = Float32Array.from(image!);
    changed[7] = Math.fround(changed[7]! + 1e-6);
    expect(imageHash(changed)).not.toBe(imageHash(image!));
  });
});

describe('deployedRandomMask', () => {
  const [a, b, c, d, e] = images(5, 2) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];

  it('gives an image the same k positions alone and anywhere in batches of any size', () => {
    const alone = deployedRandomMask(a, 1, positions, k, 3);
    expect(zeros(alone)).toHaveLength(k);
    const inPair = deployedRandomMask(batch([b, a]), 2, positions, k, 3).subarray(positions, 2 * positions);
    const inFive = deployedRandomMask(batch([c, d, e, b, a]), 5, positions, k, 3).subarray(4 * positions);
    expect(zeros(inPair)).toEqual(zeros(alone));
    expect(zeros(inFive)).toEqual(zeros(alone));
  });

  it('is the first k of the permutation seeded by [seed, "mask", imageHash(image)]', () => {
    const expected = new Rng([3, 'mask', imageHash(b)]).permutation(positions).slice(0, k).sort((x, y) => x - y);
    expect(zeros(deployedRandomMask(b, 1, positions, k, 3))).toEqual(expected);
  });

  it('differs between images and between seeds', () => {
    const masks = deployedRandomMask(batch([a, b, c, d, e]), 5, positions, k, 3);
    const rows = [0, 1, 2, 3, 4].map((i) => zeros(masks.subarray(i * positions, (i + 1) * positions)).join(','));
    expect(new Set(rows).size).toBeGreaterThan(1);
    expect(zeros(deployedRandomMask(a, 1, positions, k, 4))).not.toEqual(zeros(deployedRandomMask(a, 1, positions, k, 3)));
  });

  it('refuses pixels that do not split into n images', () => {
    expect(() => deployedRandomMask(new Float32Array(10), 3, positions, k, 0)).toThrow(
      new RangeError('random mask: 10 pixel values do not split into 3 images'),
    );
  });
});
