import { splitNames, type SplitName } from './layout.ts';
import type { SynthManifest } from './manifest.ts';

export interface SynthSummary {
  out: string;
  /** Image files written (every type and compression). */
  images: number;
  seconds: number;
  imagesPerSecond: number;
  /** Identities per split. */
  identities: Record<SplitName, number>;
  /** Image files per split and type ('real', 'swap', ...). */
  counts: Record<SplitName, Record<string, number>>;
}

export function summarise(manifest: SynthManifest, out: string, seconds: number): SynthSummary {
  const counts: Record<SplitName, Record<string, number>> = { train: {}, val: {}, test: {} };
  for (const item of manifest.items) counts[item.split][item.type] = (counts[item.split][item.type] ?? 0) + 1;
  return {
    out,
    images: manifest.items.length,
    seconds,
    imagesPerSecond: manifest.items.length / seconds,
    identities: { train: manifest.splits.train.length, val: manifest.splits.val.length, test: manifest.splits.test.length },
    counts,
  };
}

/** A markdown table of image counts per split and type, then the totals and the rate. */
export function formatSynthSummary(summary: SynthSummary): string {
  const types = [...new Set(splitNames.flatMap((split) => Object.keys(summary.counts[split])))];
  const lines = [
    `| split | identities | ${types.join(' | ')} |`,
    `| --- | ---: | ${types.map(() => '---:').join(' | ')} |`,
    ...splitNames.map((split) => `| ${split} | ${summary.identities[split]} | ${types.map((type) => summary.counts[split][type] ?? 0).join(' | ')} |`),
  ];
  const rate = `${summary.images} images in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(0)} images/s) -> ${summary.out}`;
  return `${lines.join('\n')}\n${rate}\n`;
}
