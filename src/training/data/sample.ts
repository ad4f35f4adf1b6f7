/** One labelled image as listed by a dataset manifest; every loader produces these. */
export interface Sample {
  /** Absolute path of the image file. */
  path: string;
  /** 1 = fake, 0 = real. */
  label: 0 | 1;
  /** 'real' for every real sample, otherwise the forgery family or the dataset's label ('swap', 'FF-DF', ...). */
  type: string;
  /** Frames sharing a video id form one video (video-level AUC averages their scores). */
  video: string;
  split?: Split;
  /** 'raw' | 'c23' | 'c40' | ..., where the layout says. */
  compression?: string;
  /** Where it was listed, for error messages: 'manifest.json items[17]', 'list.csv line 5'. */
  origin: string;
}

export type Split = 'train' | 'val' | 'test';
export const splits: readonly Split[] = ['train', 'val', 'test'];

export function isSplit(value: unknown): value is Split {
  return typeof value === 'string' && (splits as readonly string[]).includes(value);
}

/** A file or manifest row left out because `skipBad` was set, with the reason it could not be used. */
export interface SkippedSample {
  path: string;
  origin: string;
  reason: string;
}

/** What a manifest reader returns: the usable samples and, under `skipBad`, the rows it left out. */
export interface ManifestSamples {
  samples: Sample[];
  skipped: SkippedSample[];
}
