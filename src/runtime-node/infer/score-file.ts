import { mkdir, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatScoreLine, parseScoreFile, type ScoreFileHeader, type ScoreLine } from '../../runtime-common/score-lines.ts';
import { FlagError } from '../../util/flag-error.ts';

/** An `--out` score file open for appending, with the keys a previous run of the same shard already scored. */
export interface ScoreFile {
  /** Keys already in the file: a resumed run skips them. */
  readonly done: ReadonlySet<string>;
  /** Appends the lines in one write, then flushes them to disk, so a kill loses at most the batch being written. */
  append(scores: readonly ScoreLine[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `path` for a run described by `header`. A new file gets the header line. An existing one must be from
 * the same export and shard (anything else is refused: mixing would corrupt the results); its unfinished last
 * line, if a kill left one, is cut off, and its scores are skipped by this run. Appending, not rewriting, is
 * what makes the file safe to kill at any moment, so it does not go through writeFileAtomic.
 */
export async function openScoreFile(path: string, header: ScoreFileHeader): Promise<ScoreFile> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new RangeError(`--out ${path} cannot be read (${error.code ?? error.message})`);
  });
  const done = new Set<string>();
  if (existing !== undefined && existing !== '') {
    const contents = parseScoreFile(existing, path);
    const { model, shard } = contents.header;
    if (model.id !== header.model.id || shard.index !== header.shard.index || shard.count !== header.shard.count) {
      throw new FlagError(
        '--out',
        `--out ${path} holds scores of model ${model.name} (${model.id}), shard ${shard.index}/${shard.count}; this run is ${header.model.name} (${header.model.id}), shard ${header.shard.index}/${header.shard.count}. Resume only the same run, or choose another --out`,
      );
    }
    if (contents.unfinished) await truncate(path, contents.completeBytes);
    for (const score of contents.scores) done.add(score.key);
  }
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a');
  if (existing === undefined || existing === '') {
    await handle.write(formatScoreLine(header));
    await handle.datasync();
  }
  return {
    done,
    append: async (scores) => {
      if (scores.length === 0) return;
      await handle.write(scores.map(formatScoreLine).join(''));
      await handle.datasync();
    },
    close: () => handle.close(),
  };
}
