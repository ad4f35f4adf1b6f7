import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchFaces } from '../../../../../src/runtime-node/bench/faces/bench-faces.ts';
import { FlagError } from '../../../../../src/util/flag-error.ts';

const modelTiny = fileURLToPath(new URL('../../../../../fixtures/model-tiny', import.meta.url));

describe('benchFaces flags', () => {
  it.each([
    [{ runs: 0 }, /--runs must be an integer of at least 1, found 0/],
    [{ warmup: -1 }, /--warmup must be an integer of at least 0, found -1/],
    [{ videoFrames: 2.5 }, /--video-frames must be an integer of at least 0, found 2.5/],
  ])('refuses %o before timing anything, naming the flag', async (bad, message) => {
    const error = await benchFaces({ model: modelTiny, ...bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagError);
    expect((error as Error).message).toMatch(message);
  });
});
