import { describe, expect, it } from 'vitest';
import { inShard, parseShard } from '../../../../src/runtime-node/infer/shard.ts';

describe('parseShard', () => {
  it('reads i/n, 0-based', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
  });

  it.each(['4/4', '1/0', '-1/2', '1', 'a/b', '1/2/3'])('refuses %s, naming --shard', (value) => {
    expect(() => parseShard(value)).toThrow(/^--shard must be i\/n with 0 <= i < n/);
  });
});

describe('inShard', () => {
  const keys = Array.from({ length: 2000 }, (_, i) => `video-${i % 50}/frame-${i}.png`);

  it('puts every key in exactly one of n shards, about 1/n each', () => {
    for (const count of [1, 2, 3, 7]) {
      const sizes = new Array<number>(count).fill(0);
      for (const key of keys) {
        const owners = sizes.map((_, index) => inShard(key, { index, count })).filter(Boolean).length;
        expect(owners, key).toBe(1);
        sizes[sizes.findIndex((_, index) => inShard(key, { index, count }))]!++;
      }
      for (const size of sizes) expect(Math.abs(size - keys.length / count)).toBeLessThan(0.15 * (keys.length / count));
    }
  });

  it('depends on the key alone: images added to the corpus move no other image', () => {
    const before = keys.slice(0, 1000).map((key) => [0, 1, 2, 3].find((index) => inShard(key, { index, count: 4 })));
    const grown = [...keys.slice(0, 1000), 'new/a.png', 'new/b.png'];
    expect(grown.slice(0, 1000).map((key) => [0, 1, 2, 3].find((index) => inShard(key, { index, count: 4 })))).toEqual(before);
  });
});
