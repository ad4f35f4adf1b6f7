import { createHash } from 'node:crypto';
import type { Shard } from '../../runtime-common/score-lines.ts';
import { FlagError } from '../../util/flag-error.ts';

/** Reads `--shard i/n`: shard i (0-based) of n. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count || !Number.isSafeInteger(count)) {
    throw new FlagError('--shard', `--shard must be i/n with 0 <= i < n (e.g. 0/4 is the first of four), found ${JSON.stringify(value)}`);
  }
  return { index, count };
}

/**
 * Whether an image belongs to a shard, by a hash of its key (its path below the folder given) and nothing else:
 * every image is in exactly one of the n shards, and adding or removing images moves no other image to
 * another shard, so shards of a growing corpus can be rerun or resumed.
 */
export function inShard(key: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const digest = createHash('sha256').update(key).digest();
  // 48 bits of the digest: exact in a double, and even over n far beyond any shard count.
  return digest.readUIntBE(0, 6) % shard.count === shard.index;
}
