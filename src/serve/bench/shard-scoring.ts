import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { NodeEpRequest } from '../../runtime-node/node-session.ts';
import { runInference } from '../../runtime-node/infer/run-inference.ts';
import type { BenchBody } from './bench-bodies.ts';

export interface ShardScoring {
  readonly images: number;
  readonly shards: number;
  /** One `ftd infer --out` run over every image. */
  readonly unsharded: { readonly seconds: number; readonly imagesPerSecond: number };
  /** Each `--shard i/n --out` run, one after another, and their sum. */
  readonly shardSeconds: readonly number[];
  readonly shardedSeconds: number;
  readonly shardedImagesPerSecond: number;
  /** (sharded - unsharded) / shards: what a shard costs beyond its share of the images (model load, listing, hashing). */
  readonly overheadPerShardSeconds: number;
}

/**
 * Sharded scoring against one run: `images` files (the bench bodies, copied round-robin into a folder) scored
 * by runInference with --out, once whole and then as `shards` shards one after another, so the difference is
 * the per-shard cost that n machines would each pay once.
 */
export async function shardScoring(model: string, bodies: readonly BenchBody[], options: { images: number; shards: number; ep: NodeEpRequest; batch: number }): Promise<ShardScoring> {
  const scratch = await mkdtemp(join(tmpdir(), 'ftd-bench-shards-'));
  try {
    const folder = join(scratch, 'images');
    await mkdir(folder);
    for (let i = 0; i < options.images; i++) {
      const body = bodies[i % bodies.length]!;
      await writeFile(join(folder, `${String(i).padStart(6, '0')}${extname(body.name) || '.png'}`), body.bytes);
    }
    const run = async (out: string, shard?: { index: number; count: number }) => {
      const started = performance.now();
      const result = await runInference({ model, inputs: [folder], ep: options.ep, batch: options.batch, out: join(scratch, out), shard });
      return { seconds: (performance.now() - started) / 1000, scored: result.scores.length };
    };
    const whole = await run('whole.jsonl');
    const parts = [];
    for (let index = 0; index < options.shards; index++) parts.push(await run(`shard-${index}.jsonl`, { index, count: options.shards }));
    const scored = parts.reduce((sum, part) => sum + part.scored, 0);
    if (scored !== whole.scored) throw new Error(`the ${options.shards} shards scored ${scored} images, the unsharded run ${whole.scored}`);
    const shardedSeconds = parts.reduce((sum, part) => sum + part.seconds, 0);
    return {
      images: whole.scored,
      shards: options.shards,
      unsharded: { seconds: whole.seconds, imagesPerSecond: whole.scored / whole.seconds },
      shardSeconds: parts.map((part) => part.seconds),
      shardedSeconds,
      shardedImagesPerSecond: scored / shardedSeconds,
      overheadPerShardSeconds: (shardedSeconds - whole.seconds) / options.shards,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
