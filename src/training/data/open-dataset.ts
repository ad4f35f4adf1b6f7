import { dirname } from 'node:path';
import { loadCsvManifest } from './csv-manifest.ts';
import { loadDeepfakeBenchManifest } from './deepfakebench-manifest.ts';
import { datasetFormats, detectFormat, sourceForFormat, type DatasetFormat } from './detect-format.ts';
import { loadFolderLayout } from './folder-layout.ts';
import type { ManifestSamples, Sample, SkippedSample } from './sample.ts';
import { loadSynthManifest } from './synth-manifest.ts';

export interface OpenDatasetOptions {
  /** 'auto' (the default) chooses from the path; see `detectFormat`. */
  format?: 'auto' | DatasetFormat;
  /** Leave out manifest rows with a bad label or field, listing them in `skipped`, instead of failing. */
  skipBad?: boolean;
  /** Folder that relative image paths in a CSV or DeepfakeBench manifest start from (default: the manifest's). */
  imageRoot?: string;
  /** Extensions a folder layout reads (default: images); `ftd crop` adds videos. */
  extensions?: readonly string[];
}

export interface Dataset {
  /** The dataset's folder (the manifest's folder for manifest formats). */
  root: string;
  format: DatasetFormat;
  /** Why `format` was chosen, to tell the user: 'the folder holds manifest.json'. */
  formatReason: string;
  samples: Sample[];
  /** Rows left out under `skipBad`. */
  skipped: SkippedSample[];
  /** Things the user should know that are not errors (files that were not images, and so on). */
  notes: string[];
}

/** Lists a dataset's samples in any supported layout; images are not opened until a batch needs them. */
export async function openDataset(path: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  const format = options.format ?? 'auto';
  if (format !== 'auto' && !datasetFormats.includes(format)) {
    throw new RangeError(`dataset format must be auto or one of ${datasetFormats.join(', ')}, found "${String(format)}"`);
  }
  const detected = format === 'auto' ? await detectFormat(path) : await sourceForFormat(path, format);
  const notes: string[] = [];
  let loaded: ManifestSamples;
  if (detected.format === 'folders') {
    const folders = await loadFolderLayout(detected.source, options.extensions);
    loaded = { samples: folders.samples, skipped: [] };
    if (folders.ignored.length > 0) {
      notes.push(`ignored ${folders.ignored.length} files that are not images by extension: ${abbreviate(folders.ignored)}`);
    }
  } else if (detected.format === 'synth') {
    loaded = await loadSynthManifest(detected.source, options);
  } else if (detected.format === 'csv') {
    loaded = await loadCsvManifest(detected.source, options);
  } else {
    loaded = await loadDeepfakeBenchManifest(detected.source, options);
  }
  if (loaded.samples.length === 0) throw new RangeError(`${detected.source}: lists no usable samples`);
  return {
    root: detected.format === 'folders' ? detected.source : dirname(detected.source),
    format: detected.format,
    formatReason: detected.reason,
    samples: loaded.samples,
    skipped: loaded.skipped,
    notes,
  };
}

function abbreviate(items: string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
