import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatScoreLine, type ScoreFileHeader, type ScoreLine } from '../../../../src/runtime-common/score-lines.ts';
import { mergeScoreFiles } from '../../../../src/training/eval/merge-score-files.ts';

/** --merge refuses every combination of files that would not equal one unsharded run, and says which. */

let scratch: string;
beforeAll(async () => (scratch = await mkdtemp(join(tmpdir(), 'ftd-merge-'))));
afterAll(() => rm(scratch, { recursive: true, force: true }));

const score = (key: string): ScoreLine => ({ key, path: `/d/${key}`, prob: 0.5, label: 'fake' });

async function shardFile(name: string, index: number, count: number, keys: string[], options: { id?: string; tail?: string } = {}): Promise<string> {
  const header: ScoreFileHeader = { format: 'ftd-scores', version: 1, model: { name: 'm', id: options.id ?? 'aaaaaaaaaaaaaaaa' }, shard: { index, count } };
  const file = join(scratch, name);
  await writeFile(file, [header, ...keys.map(score)].map(formatScoreLine).join('') + (options.tail ?? ''));
  return file;
}

describe('mergeScoreFiles', () => {
  it('merges shards given in any order into every image once, sorted by key', async () => {
    const files = [await shardFile('b.jsonl', 1, 2, ['z.png', 'b.png']), await shardFile('a.jsonl', 0, 2, ['a.png'])];
    const merged = await mergeScoreFiles({ files });
    expect(merged.shards).toBe(2);
    expect(merged.scores.map((line) => line.key)).toEqual(['a.png', 'b.png', 'z.png']);
  });

  it.each([
    ['a missing shard', async () => [await shardFile('m0.jsonl', 0, 3, ['a'])], /shards 1\/3, 2\/3 are missing; --merge needs all 3/],
    ['a shard given twice', async () => [await shardFile('t0.jsonl', 0, 2, ['a']), await shardFile('t1.jsonl', 0, 2, ['b'])], /shard 0\/2 is given twice: .*t0\.jsonl and .*t1\.jsonl/],
    ['shards that overlap', async () => [await shardFile('o0.jsonl', 0, 2, ['a']), await shardFile('o1.jsonl', 1, 2, ['a'])], /a is scored in both .*o0\.jsonl and .*o1\.jsonl/],
    ['another export', async () => [await shardFile('x0.jsonl', 0, 2, ['a']), await shardFile('x1.jsonl', 1, 2, ['b'], { id: 'bbbbbbbbbbbbbbbb' })], /was scored by m \(bbbbbbbbbbbbbbbb\), .* by m \(aaaaaaaaaaaaaaaa\)/],
    ['another shard count', async () => [await shardFile('c0.jsonl', 0, 2, ['a']), await shardFile('c1.jsonl', 1, 3, ['b'])], /is a shard of 3, .* of 2/],
    ['an unfinished shard', async () => [await shardFile('u0.jsonl', 0, 1, ['a'], { tail: '{"key":"b' })], /ends with an unfinished line: .*run it again with the same --out/],
  ])('refuses %s', async (_what, files, message) => {
    await expect(mergeScoreFiles({ files: await files() })).rejects.toThrow(message);
  });
});
