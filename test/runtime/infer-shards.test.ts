import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScoreFile, type ScoreLine } from '../../src/runtime-common/score-lines.ts';
import { listImageEntries } from '../../src/runtime-node/infer/list-images.ts';
import { runInference } from '../../src/runtime-node/infer/run-inference.ts';
import { mergeScoreFiles } from '../../src/training/eval/merge-score-files.ts';
import { openDataset } from '../../src/training/data/open-dataset.ts';
import { summarize } from '../../src/training/metrics/summarize.ts';
import { modelTiny, runFtd } from './model-tiny.ts';

/**
 * `ftd infer --shard i/n --out FILE` on the folder-layout fixture: n shards together are one unsharded run (no
 * image twice, none missing, the same probabilities), a shard cut short resumes where it stopped, and
 * `--merge` with the dataset's labels gives the unsharded run's metrics.
 */

const dataset = fileURLToPath(new URL('../../fixtures/folders-sample', import.meta.url));
const shards = 3;
let scratch: string;
let whole: ScoreLine[];

const infer = (out: string, shard?: { index: number; count: number }) => runInference({ model: modelTiny, inputs: [dataset], ep: 'cpu', batch: 4, out, shard });
const read = async (file: string) => parseScoreFile(await readFile(file, 'utf8'), file);
const byKey = (lines: readonly ScoreLine[]) => [...lines].sort((a, b) => (a.key < b.key ? -1 : 1));

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ftd-shards-'));
  await infer(join(scratch, 'whole.jsonl'));
  whole = byKey((await read(join(scratch, 'whole.jsonl'))).scores);
  for (let index = 0; index < shards; index++) await infer(join(scratch, `shard-${index}.jsonl`), { index, count: shards });
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ftd infer --shard i/n --out FILE', () => {
  it('the unsharded run scores every image once, keyed by its path below the folder', async () => {
    const entries = await listImageEntries([dataset]);
    expect(whole.map((line) => line.key)).toEqual(entries.map((entry) => entry.key).sort());
    expect(whole.map((line) => line.key)).toContain('test/real/c_v1/f000.jpg');
  });

  it('n shards\' union equals the unsharded run: no image twice, none missing, the same probabilities (1e-6)', async () => {
    const parts = await Promise.all(Array.from({ length: shards }, (_, i) => read(join(scratch, `shard-${i}.jsonl`))));
    parts.forEach((part, index) => expect(part.header.shard).toEqual({ index, count: shards }));
    const union = byKey(parts.flatMap((part) => part.scores));
    expect(union.map((line) => line.key)).toEqual(whole.map((line) => line.key));
    expect(new Set(union.map((line) => line.key)).size).toBe(union.length);
    union.forEach((line, i) => expect(Math.abs(line.prob! - whole[i]!.prob!), line.key).toBeLessThanOrEqual(1e-6));
    expect(parts.filter((part) => part.scores.length > 0).length).toBeGreaterThan(1);
  });

  it('a shard cut off mid-line resumes: the torn line is dropped, what was written is skipped, the rest is scored', async () => {
    const file = join(scratch, 'shard-0.jsonl');
    const complete = await readFile(file, 'utf8');
    const lines = complete.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    // What a kill while appending leaves: the header, one whole line, half of the next.
    await writeFile(file, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 20)}`);
    const result = await infer(file, { index: 0, count: shards });
    expect(result.resumed).toBe(1);
    expect(result.scores.length).toBe(lines.length - 3);
    const resumed = await read(file);
    expect(resumed.unfinished).toBe(false);
    expect(byKey(resumed.scores).map((line) => line.key)).toEqual(byKey(parseScoreFile(complete, file).scores).map((line) => line.key));
  });

  it('refuses to resume another shard\'s or another export\'s file', async () => {
    await expect(infer(join(scratch, 'shard-1.jsonl'), { index: 0, count: shards })).rejects.toThrow(/holds scores of model model-tiny \([0-9a-f]{16}\), shard 1\/3; this run is .* shard 0\/3/);
  });
});

describe('ftd infer --merge', () => {
  it('combines the shards into the unsharded run and, with --labels, prints its metrics', async () => {
    const files = Array.from({ length: shards }, (_, i) => join(scratch, `shard-${i}.jsonl`));
    const merged = await mergeScoreFiles({ files: files.reverse(), labels: dataset, out: join(scratch, 'merged.jsonl') });
    expect(merged.scores.map((line) => line.key)).toEqual(whole.map((line) => line.key));
    expect((await read(join(scratch, 'merged.jsonl'))).scores.map((line) => line.key)).toEqual(whole.map((line) => line.key));
    const samples = new Map((await openDataset(dataset)).samples.map((sample) => [sample.path, sample]));
    const labelled = whole.map((line) => samples.get(join(dataset, line.key))!);
    const expected = summarize(whole.map((line) => line.prob!), labelled.map((s) => s.label), labelled.map((s) => s.video));
    expect(merged.metrics!.labelled).toBe(whole.length);
    expect(merged.metrics!.frameAuc).toBeCloseTo(expected.frameAuc, 6);
    expect(merged.metrics!.acc).toBeCloseTo(expected.acc, 6);
  });

  it('the CLI merges and prints the metrics line; a missing shard exits 1 naming it', async () => {
    const files = Array.from({ length: shards }, (_, i) => join(scratch, `shard-${i}.jsonl`));
    const merged = await runFtd(['infer', '--merge', ...files, '--labels', dataset]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(new RegExp(`^merged 3 shards of model-tiny \\([0-9a-f]{16}\\): ${whole.length} images\\n${whole.length} labelled \\(\\d+ real, \\d+ fake, \\d+ videos\\): frame AUC [01]\\.\\d{4}, `));
    const missing = await runFtd(['infer', '--merge', files[0]!, files[2]!]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('shards 1/3 are missing; --merge needs all 3');
  });
});
