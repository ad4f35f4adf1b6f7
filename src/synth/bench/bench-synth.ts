import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { SynthOptionsInput } from '../options.ts';
import type { ProgressStream } from '../../util/progress-bar.ts';
import { writeSynthDataset } from '../write-dataset.ts';

export interface SynthBenchResult {
  images: number;
  seconds: number;
  imagesPerSecond: number;
  size: number;
  /** One-minute load averages before and after: how busy the machine was while it ran. */
  loadBefore: number;
  loadAfter: number;
}

/**
 * Times `ftd synth` end to end (rendering, encoding, writing, manifests) into a temporary folder that is
 * removed afterwards. Every image file written counts.
 */
export async function benchSynth(input: Omit<SynthOptionsInput, 'out' | 'force' | 'preview'>, progress?: ProgressStream): Promise<SynthBenchResult> {
  const parent = await mkdtemp(join(tmpdir(), 'ftd-bench-synth-'));
  try {
    const loadBefore = loadavg()[0]!;
    const summary = await writeSynthDataset({ ...input, out: join(parent, 'dataset') }, progress);
    return {
      images: summary.images,
      seconds: summary.seconds,
      imagesPerSecond: summary.imagesPerSecond,
      size: input.size ?? 64,
      loadBefore,
      loadAfter: loadavg()[0]!,
    };
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}
