import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchServeResult } from '../../../src/serve/bench/bench-serve.ts';
import { modelTiny, runFtd, temporaryFolder } from './serve-fixture.ts';

/** `ftd bench serve` end to end, briefly: what it reports must be consistent; how fast is for the bench to say. */

let folder: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  folder = await temporaryFolder('ftd-bench-serve-');
});
afterAll(async () => {
  await folder?.remove();
});

describe('ftd bench serve', () => {
  it('drives the real server in each protocol at each concurrency, accounts for every request, times sharded scoring, and writes the table and JSON', async () => {
    const json = join(folder.path, 'bench.json');
    const args = ['bench', 'serve', modelTiny, '--ep', 'cpu', '--threads', '1', '--concurrency', '1,4', '--requests', '24', '--seconds', '60', '--raw-warmup', '1', '--raw-runs', '3', '--protocols', 'detect,oip-binary', '--shards', '2', '--shard-images', '16', '--json', json];
    const { code, stdout, stderr } = await runFtd(args);
    expect(stderr).not.toMatch(/ftd:/);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(json, 'utf8')) as BenchServeResult;
    expect(result.levels.map((level) => `${level.protocol} ${level.concurrency}`)).toEqual(['detect 1', 'detect 4', 'oip-binary 1', 'oip-binary 4']);
    for (const level of result.levels) {
      expect(level.ok).toBe(24);
      expect(level.failed).toEqual({});
      expect(level.latencyMs.p50).toBeLessThanOrEqual(level.latencyMs.p99);
      expect(level.imagesPerSecond).toBeCloseTo(level.ok / level.seconds, 6);
      expect(level.raw.batch).toBe(Math.max(1, Math.round(level.meanBatch)));
      expect(level.servedOverRaw).toBeCloseTo(level.imagesPerSecond / level.raw.imagesPerSecond, 9);
    }
    // One client at a time can only ever form batches of one.
    for (const [one, four] of [result.levels.slice(0, 2), result.levels.slice(2, 4)]) {
      expect(one!.meanBatch).toBe(1);
      expect(four!.meanBatch).toBeGreaterThanOrEqual(1);
      expect(four!.meanBatch).toBeLessThanOrEqual(4);
    }
    const sharding = result.sharding!;
    expect([sharding.images, sharding.shards, sharding.shardSeconds.length]).toEqual([16, 2, 2]);
    expect(sharding.shardedSeconds).toBeCloseTo(sharding.shardSeconds[0]! + sharding.shardSeconds[1]!, 9);
    expect(sharding.overheadPerShardSeconds).toBeCloseTo((sharding.shardedSeconds - sharding.unsharded.seconds) / 2, 9);
    expect(result.serverExitCode).toBe(0);
    expect(result.settings.ep).toBe('cpu');
    expect(stdout).toMatch(/\| protocol\s+\| concurrency \| answered \| failed \| images\/s \| p50 ms \| p99 ms \| mean batch \| raw images\/s @ batch \| served \/ raw \|/);
    expect(stdout.match(/^\| (detect|oip-binary)\s+\|\s+(1|4) \|/gm)).toHaveLength(4);
    expect(stdout).toMatch(/ftd infer --out on 16 images: unsharded .* 2 shards one after another .* overhead per shard -?\d+\.\d\d s/);
  });
});
