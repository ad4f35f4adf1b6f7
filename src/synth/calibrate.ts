import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic.ts';
import { auc } from '../training/metrics/auc.ts';
import { featureCount, imageFeatures } from './calibration-features.ts';
import { compressionNames } from './compression.ts';
import type { FamilyName } from './families/index.ts';
import { fitLogistic, logisticScore, type LogisticModel } from './logistic-regression.ts';
import type { SynthItem } from './manifest.ts';
import type { ProgressStream } from '../util/progress-bar.ts';
import { readSynthManifest } from './read-manifest.ts';
import { FlagError } from '../util/flag-error.ts';

/** L2 penalties tried on the standardised features; the validation split picks one per family. */
const penalties = [1, 10, 100, 1000];

export interface CalibrationOptions {
  /** A folder written by `ftd synth`. */
  data: string;
  /** Which compression level's files to use. */
  compression?: string;
  /** Where to write the JSON result; default `<data>/calibration-<compression>.json`. */
  out?: string;
}

export interface CalibrationResult {
  data: string;
  compression: string;
  baseline: string;
  families: FamilyName[];
  /** auc[trainedOn][testedOn]: frame-level AUC on the test split, test reals against that family's fakes. */
  auc: Record<string, Record<string, number>>;
  /** The L2 penalty the validation split chose for each trained-on family. */
  penalty: Record<string, number>;
  /** Images per split used (reals plus every family's fakes). */
  images: Record<'train' | 'val' | 'test', number>;
}

/**
 * Measures whether the benchmark can show generalisation: for each family, a fixed-feature logistic
 * regression is trained on train-split reals + that family's fakes and scored on the test split against
 * every family. A high diagonal and a clearly lower off-diagonal mean the families' artefacts differ.
 */
export async function calibrateSynth(options: CalibrationOptions, progress?: ProgressStream): Promise<{ result: CalibrationResult; path: string }> {
  const root = resolve(options.data);
  const compression = options.compression ?? 'c23';
  if (!(compressionNames as readonly string[]).includes(compression)) {
    throw new FlagError('--compression', `--compression must be one of ${compressionNames.join(', ')}; found "${compression}"`);
  }
  const manifest = await readSynthManifest(root);
  if (!manifest.generator.compressions.includes(compression as never)) {
    throw new FlagError('--compression', `--compression ${compression}: ${join(root, 'manifest.json')} holds only ${manifest.generator.compressions.join(', ')}`);
  }
  const families = manifest.generator.families;
  const items = manifest.items.filter((item) => item.compression === compression);
  progress?.write(`calibrate: computing features of ${items.length} images\n`);
  const features = await Promise.all(items.map((item) => featuresOf(root, item, manifest.generator.size)));
  const rows = items.map((item, i) => ({ item, features: features[i]! }));
  const pick = (split: string, family: string) => rows.filter((r) => r.item.split === split && (r.item.type === 'real' || r.item.type === family));
  const result: CalibrationResult = {
    data: root,
    compression,
    baseline: `logistic regression (L2, Newton) on ${featureCount} fixed features: 8x8 mean colour + 8x8 log energy of two luminance high-pass bands`,
    families,
    auc: {},
    penalty: {},
    images: { train: count(rows, 'train'), val: count(rows, 'val'), test: count(rows, 'test') },
  };
  for (const trained of families) {
    const train = pick('train', trained);
    const val = pick('val', trained);
    let best: { model: LogisticModel; penalty: number; auc: number } | undefined;
    for (const penalty of penalties) {
      const model = fitLogistic(train.map((r) => r.features), train.map((r) => r.item.label), penalty);
      const score = auc(val.map((r) => logisticScore(model, r.features)), val.map((r) => r.item.label));
      if (!best || score > best.auc) best = { model, penalty, auc: score };
    }
    result.penalty[trained] = best!.penalty;
    result.auc[trained] = {};
    for (const tested of families) {
      const test = pick('test', tested);
      result.auc[trained]![tested] = auc(test.map((r) => logisticScore(best!.model, r.features)), test.map((r) => r.item.label));
    }
    progress?.write(`calibrate: trained on ${trained} (penalty ${best!.penalty})\n`);
  }
  const path = resolve(options.out ?? join(root, `calibration-${compression}.json`));
  await writeFileAtomic(path, `${JSON.stringify(result, null, 2)}\n`);
  return { result, path };
}

/** Rows = trained on, columns = tested on; the diagonal is the in-family AUC. */
export function formatCalibrationMatrix(result: CalibrationResult): string {
  const { families } = result;
  const lines = [
    `| trained on \\ tested on (${result.compression}) | ${families.join(' | ')} |`,
    `| --- | ${families.map(() => '---:').join(' | ')} |`,
    ...families.map((row) => `| ${row} | ${families.map((column) => result.auc[row]![column]!.toFixed(3)).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

async function featuresOf(root: string, item: SynthItem, size: number): Promise<Float64Array> {
  const path = join(root, item.path);
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.width !== size || info.height !== size) {
    throw new RangeError(`${path}: expected ${size}x${size} pixels (manifest generator.size); found ${info.width}x${info.height}`);
  }
  return imageFeatures(data, size);
}

function count(rows: ReadonlyArray<{ item: SynthItem }>, split: string): number {
  return rows.filter((r) => r.item.split === split).length;
}
