import { checkImages } from './check-images.ts';
import { describeDataset } from './describe-dataset.ts';
import { openDataset, type OpenDatasetOptions } from './open-dataset.ts';

export interface InspectDatasetOptions extends OpenDatasetOptions {
  /** Also decode every image and list the ones that fail. */
  checkImages?: boolean;
}

export interface DatasetInspection {
  report: string;
  /** Rows skipped plus images that failed to decode; 0 means the dataset is clean. */
  problems: number;
}

/** What `ftd dataset` prints: the format chosen and why, counts, skipped rows and, on request, bad images. */
export async function inspectDataset(path: string, options: InspectDatasetOptions = {}): Promise<DatasetInspection> {
  const dataset = await openDataset(path, options);
  const lines = [describeDataset(dataset)];
  let problems = dataset.skipped.length;
  if (options.checkImages) {
    const check = await checkImages(dataset.samples);
    const sizes = [...check.sizes].sort((a, b) => b[1] - a[1]).map(([size, count]) => `${size} ${count}`);
    lines.push(`  decoded sizes: ${sizes.join(', ') || 'none'}`);
    lines.push(check.bad.length === 0 ? '  every image decodes' : `  ${check.bad.length} images do not decode:`);
    for (const bad of check.bad) lines.push(`    ${bad.origin}: ${bad.path}: ${bad.reason}`);
    problems += check.bad.length;
  }
  return { report: lines.join('\n'), problems };
}
