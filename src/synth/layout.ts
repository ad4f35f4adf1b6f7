import { Rng } from '../util/rng.ts';
import { compressionSettings, type CompressionName } from './compression.ts';

export type SplitName = 'train' | 'val' | 'test';
export const splitNames: readonly SplitName[] = ['train', 'val', 'test'];

/** Identity ids are zero-padded so that listings sort in generation order. */
export function identityId(identity: number): string {
  return `id${String(identity).padStart(4, '0')}`;
}

/** The folder (relative to the dataset root) holding one video's frames of one type and compression. */
export function videoPath(compression: CompressionName, type: string, identity: number, video: number): string {
  return `${compression}/${type}/${identityId(identity)}_v${video}`;
}

export function framePath(compression: CompressionName, type: string, identity: number, video: number, frame: number): string {
  return `${videoPath(compression, type, identity, video)}/f${String(frame).padStart(3, '0')}.${compressionSettings[compression].extension}`;
}

/**
 * Splits identities (never frames or videos) 70/15/15 into train/val/test, each at least one identity,
 * so a detector is always tested on people it has not seen. The draw depends on the seed and the count only.
 */
export function splitIdentities(count: number, seed: number): Record<SplitName, number[]> {
  const order = new Rng([seed, 'split', count]).permutation(count);
  const held = Math.max(1, Math.round(count * 0.15));
  const sorted = (ids: number[]) => ids.sort((a, b) => a - b);
  return {
    test: sorted(order.slice(0, held)),
    val: sorted(order.slice(held, 2 * held)),
    train: sorted(order.slice(2 * held)),
  };
}
