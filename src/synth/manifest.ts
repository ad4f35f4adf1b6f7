import { synthManifestFormat, synthManifestVersion } from '../training/data/synth-manifest.ts';
import type { CompressionName } from './compression.ts';
import type { FamilyName } from './families/index.ts';
import { framePath, identityId, splitNames, videoPath, type SplitName } from './layout.ts';
import type { SynthOptions } from './options.ts';

/** The DeepfakeBench dataset name; its labels are `FTD-Synth_<type>`. */
export const deepfakeBenchName = 'FTD-Synth';

export interface SynthItem {
  /** Relative to the dataset root. */
  path: string;
  label: 0 | 1;
  type: 'real' | FamilyName;
  compression: CompressionName;
  identity: string;
  video: string;
  frame: number;
  split: SplitName;
  /** The real frame this fake was made from; only on fakes. */
  source?: string;
}

export interface SynthManifest {
  format: typeof synthManifestFormat;
  version: typeof synthManifestVersion;
  generator: {
    seed: number;
    size: number;
    identities: number;
    videos: number;
    frames: number;
    families: FamilyName[];
    compressions: CompressionName[];
    jpegQuality: Record<string, number>;
    splitFractions: Record<SplitName, number>;
  };
  splits: Record<SplitName, string[]>;
  items: SynthItem[];
}

/** Items in a fixed order (compression, type, identity, video, frame), independent of generation order. */
export function buildManifest(options: SynthOptions, splits: Record<SplitName, number[]>, jpegQuality: Record<string, number>): SynthManifest {
  const splitOf = new Map<number, SplitName>();
  for (const split of splitNames) for (const identity of splits[split]) splitOf.set(identity, split);
  const items: SynthItem[] = [];
  for (const compression of options.compressions) {
    for (const type of ['real', ...options.families] as const) {
      for (let identity = 0; identity < options.identities; identity++) {
        for (let video = 0; video < options.videos; video++) {
          for (let frame = 0; frame < options.frames; frame++) {
            const item: SynthItem = {
              path: framePath(compression, type, identity, video, frame),
              label: type === 'real' ? 0 : 1,
              type,
              compression,
              identity: identityId(identity),
              video: videoPath(compression, type, identity, video),
              frame,
              split: splitOf.get(identity)!,
            };
            if (type !== 'real') item.source = framePath(compression, 'real', identity, video, frame);
            items.push(item);
          }
        }
      }
    }
  }
  return {
    format: synthManifestFormat,
    version: synthManifestVersion,
    generator: {
      seed: options.seed,
      size: options.size,
      identities: options.identities,
      videos: options.videos,
      frames: options.frames,
      families: options.families,
      compressions: options.compressions,
      jpegQuality,
      splitFractions: { train: 0.7, val: 0.15, test: 0.15 },
    },
    splits: {
      train: splits.train.map(identityId),
      val: splits.val.map(identityId),
      test: splits.test.map(identityId),
    },
    items,
  };
}

type DeepfakeBenchVideos = Record<string, { label: string; frames: string[] }>;
export type DeepfakeBenchManifest = Record<string, Record<string, Record<SplitName, Record<string, DeepfakeBenchVideos>>>>;

/**
 * The same items in DeepfakeBench's layout: dataset -> label -> split -> compression -> video -> frames.
 * Video keys are the manifest's video ids, so both files name videos alike.
 */
export function toDeepfakeBench(manifest: SynthManifest): DeepfakeBenchManifest {
  const labels: Record<string, Record<SplitName, Record<string, DeepfakeBenchVideos>>> = {};
  for (const item of manifest.items) {
    const label = `${deepfakeBenchName}_${item.type}`;
    const bySplit = (labels[label] ??= { train: {}, val: {}, test: {} });
    const videos = (bySplit[item.split][item.compression] ??= {});
    (videos[item.video] ??= { label, frames: [] }).frames.push(item.path);
  }
  return { [deepfakeBenchName]: labels };
}
