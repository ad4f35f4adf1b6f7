import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { formatScoreLine, parseScoreFile, SCORE_FILE_FORMAT, SCORE_FILE_VERSION, type ScoreFileHeader, type ScoreLine } from '../../runtime-common/score-lines.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { openDataset } from '../data/open-dataset.ts';
import type { Sample } from '../data/sample.ts';
import { summarize, type DetectionMetrics } from '../metrics/summarize.ts';

export interface MergeOptions {
  /** The shards' score files (`ftd infer --shard i/n --out FILE`), one per shard, in any order. */
  readonly files: readonly string[];
  /** A dataset (folders, CSV, synth or DeepfakeBench manifest) whose labels the scores are matched to. */
  readonly labels?: string;
  /** Write the merged scores here, as one unsharded run's score file. */
  readonly out?: string;
}

export interface MergeResult {
  readonly model: ScoreFileHeader['model'];
  readonly shards: number;
  /** Every image once, sorted by key. */
  readonly scores: readonly ScoreLine[];
  /** With `labels`: the metrics over the images the dataset labels, and how many it did not. */
  readonly metrics?: DetectionMetrics & { readonly labelled: number; readonly unlabelled: number; readonly withoutFaces: number };
}

/**
 * `ftd infer --merge`: the shards of one sharded run combined into one set of scores. It refuses anything that
 * would not equal one unsharded run: files from different exports or shard counts, a shard missing or given
 * twice, a shard that did not finish its last line, an image in two shards. With a dataset, prints the metrics.
 */
export async function mergeScoreFiles(options: MergeOptions): Promise<MergeResult> {
  if (options.files.length === 0) throw new RangeError('--merge needs the score files of the shards');
  const parsed = await Promise.all(options.files.map(async (file) => ({ file, ...parseScoreFile(await readFile(file, 'utf8'), file) })));
  const first = parsed[0]!;
  const byIndex = new Map<number, string>();
  for (const { file, header, unfinished } of parsed) {
    if (header.model.id !== first.header.model.id) throw new RangeError(`${file} was scored by ${header.model.name} (${header.model.id}), ${first.file} by ${first.header.model.name} (${first.header.model.id}); merge shards of one export`);
    if (header.shard.count !== first.header.shard.count) throw new RangeError(`${file} is a shard of ${header.shard.count}, ${first.file} of ${first.header.shard.count}; merge shards of one split`);
    if (byIndex.has(header.shard.index)) throw new RangeError(`shard ${header.shard.index}/${header.shard.count} is given twice: ${byIndex.get(header.shard.index)} and ${file}`);
    if (unfinished) throw new RangeError(`${file} ends with an unfinished line: its shard was stopped while writing; run it again with the same --out to finish it`);
    byIndex.set(header.shard.index, file);
  }
  const count = first.header.shard.count;
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new RangeError(`shards ${missing.map((i) => `${i}/${count}`).join(', ')} are missing; --merge needs all ${count}`);

  const seen = new Map<string, string>();
  const scores: ScoreLine[] = [];
  for (const { file, scores: lines } of parsed) {
    for (const line of lines) {
      const other = seen.get(line.key);
      if (other !== undefined) throw new RangeError(`${line.key} is scored in both ${other} and ${file}; shards must not overlap`);
      seen.set(line.key, file);
      scores.push(line);
    }
  }
  scores.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (options.out !== undefined) {
    const header: ScoreFileHeader = { format: SCORE_FILE_FORMAT, version: SCORE_FILE_VERSION, model: first.header.model, shard: { index: 0, count: 1 } };
    await writeFileAtomic(options.out, [header, ...scores].map(formatScoreLine).join(''));
  }
  const metrics = options.labels === undefined ? undefined : await labelledMetrics(scores, options.labels);
  return { model: first.header.model, shards: count, scores, ...(metrics ? { metrics } : {}) };
}

/** Matches each score to the dataset by its key (its path below the folder scored) or, failing that, by its path. */
async function labelledMetrics(scores: readonly ScoreLine[], datasetPath: string) {
  const dataset = await openDataset(datasetPath);
  const byPath = new Map<string, Sample>();
  for (const sample of dataset.samples) {
    byPath.set(relative(dataset.root, sample.path).split(sep).join('/'), sample);
    byPath.set(resolve(sample.path), sample);
  }
  const found = scores.flatMap((score) => {
    const sample = byPath.get(score.key) ?? byPath.get(resolve(score.path));
    return sample ? [{ score, sample }] : [];
  });
  // An input in which no face was found has no score to rank; it is counted, not guessed.
  const matched = found.flatMap(({ score, sample }) => (score.prob === null ? [] : [{ prob: score.prob, sample }]));
  if (matched.length === 0 && found.length > 0) throw new RangeError(`no face was found in any of the ${found.length} inputs of ${datasetPath} that were scored; there is nothing to compute metrics on`);
  if (matched.length === 0) throw new RangeError(`none of the ${scores.length} scores matches an image of ${datasetPath}; scores are matched by their path below the folder that was scored (e.g. real/a.png), or by the same file path`);
  const metrics = summarize(
    matched.map(({ prob }) => prob),
    matched.map(({ sample }) => sample.label),
    matched.map(({ sample }) => sample.video),
    `the scores labelled by ${datasetPath}`,
  );
  return { ...metrics, labelled: matched.length, unlabelled: scores.length - found.length, withoutFaces: found.length - matched.length };
}
