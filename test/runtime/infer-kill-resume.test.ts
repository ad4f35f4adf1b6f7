import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScoreFile } from '../../src/runtime-common/score-lines.ts';
import { runInference } from '../../src/runtime-node/infer/run-inference.ts';
import { mergeScoreFiles } from '../../src/training/eval/merge-score-files.ts';
import { Rng } from '../../src/util/rng.ts';
import { modelTiny } from './model-tiny.ts';

/**
 * A real `ftd infer --shard 0/2 --out FILE` process killed with SIGKILL while it writes, then run again: the
 * second run skips what the first wrote, and the two shards merge into exactly the unsharded run.
 */

const ftd = fileURLToPath(new URL('../../bin/ftd.mjs', import.meta.url));
const imageCount = 400;
let scratch: string;
let images: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ftd-kill-'));
  images = join(scratch, 'images');
  for (let folder = 0; folder < 4; folder++) await mkdir(join(images, `batch-${folder}`), { recursive: true });
  const rng = new Rng([7, 'kill-resume-images']);
  for (let i = 0; i < imageCount; i++) {
    const pixels = Uint8Array.from({ length: 32 * 32 * 3 }, () => rng.nextUint32() & 0xff);
    await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } }).png().toFile(join(images, `batch-${i % 4}`, `${String(i).padStart(4, '0')}.png`));
  }
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

const scoreLines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').length - 2;

describe('a killed shard', () => {
  it('resumes after SIGKILL and, merged with the other shard, equals one unsharded run', async () => {
    const out = join(scratch, 'shard-0.jsonl');
    // One image per batch, so the process writes (and flushes) a line at a time while it is killed.
    const child = spawn(process.execPath, [ftd, 'infer', modelTiny, images, '--shard', '0/2', '--out', out, '--batch', '1', '--ep', 'cpu'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const deadline = performance.now() + 120_000;
    while ((await scoreLines(out)) < 3 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const killed = parseScoreFile(await readFile(out, 'utf8'), out);
    const resumed = await runInference({ model: modelTiny, inputs: [images], ep: 'cpu', shard: { index: 0, count: 2 }, out });
    const shardSize = killed.scores.length + resumed.scores.length;
    expect(killed.scores.length, 'the kill came before the shard finished').toBeLessThan(shardSize);
    expect(resumed.resumed).toBe(killed.scores.length);

    await runInference({ model: modelTiny, inputs: [images], ep: 'cpu', shard: { index: 1, count: 2 }, out: join(scratch, 'shard-1.jsonl') });
    await runInference({ model: modelTiny, inputs: [images], ep: 'cpu', out: join(scratch, 'whole.jsonl') });
    const merged = await mergeScoreFiles({ files: [out, join(scratch, 'shard-1.jsonl')] });
    const whole = parseScoreFile(await readFile(join(scratch, 'whole.jsonl'), 'utf8'), 'whole.jsonl').scores.sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(merged.scores.length).toBe(imageCount);
    expect(merged.scores.map((line) => line.key)).toEqual(whole.map((line) => line.key));
    merged.scores.forEach((line, i) => expect(Math.abs(line.prob! - whole[i]!.prob!), line.key).toBeLessThanOrEqual(1e-6));
  });
});
