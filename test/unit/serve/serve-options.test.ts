import { describe, expect, it } from 'vitest';
import { resolveServeOptions, SERVE_DEFAULTS } from '../../../src/serve/serve-options.ts';

describe('resolveServeOptions', () => {
  it('fills every unset option with its default and keeps the ones given', () => {
    const options = resolveServeOptions({ model: 'models/x', port: 0, maxBatch: 8, maxQueue: undefined });
    expect(options).toMatchObject({ ...SERVE_DEFAULTS, model: 'models/x', port: 0, maxBatch: 8 });
    expect(options.maxQueue).toBe(SERVE_DEFAULTS.maxQueue);
  });

  it.each([
    [{ port: 70_000 }, /--port must be an integer from 0 to 65535, found 70000/],
    [{ maxBatch: 0 }, /--max-batch must be an integer from 1 to 4096, found 0/],
    [{ maxWaitMs: 2.5 }, /--max-wait-ms must be an integer from 0 to 60000, found 2.5/],
    [{ maxBodyBytes: Number.NaN }, /--max-body-bytes must be an integer .* found NaN/],
    [{ timeoutMs: -1 }, /--timeout-ms must be an integer from 1 to 3600000, found -1/],
    [{ maxBatch: 64, maxQueue: 32 }, /--max-queue must be at least --max-batch \(64\) so a full batch can wait, found 32/],
    [{ maxFaces: 0 }, /--max-faces must be an integer from 1 to 4096, found 0/],
    [{ maxBatch: 8, maxQueue: 20, maxFaces: 21 }, /--max-faces must be at most --max-queue \(20\) so one photo's faces can wait together, found 21/],
  ])('refuses %o, naming the flag, what it expects and what it found', (bad, message) => {
    expect(() => resolveServeOptions({ model: 'models/x', ...bad })).toThrow(RangeError);
    expect(() => resolveServeOptions({ model: 'models/x', ...bad })).toThrow(message);
  });

  it('lowers the default --max-faces to a smaller --max-queue, so one photo\'s faces can always wait together', () => {
    expect(resolveServeOptions({ model: 'models/x', maxBatch: 1, maxQueue: 4 }).maxFaces).toBe(4);
    expect(resolveServeOptions({ model: 'models/x' }).maxFaces).toBe(SERVE_DEFAULTS.maxFaces);
  });

  it('refuses a missing model folder with a TypeError', () => {
    expect(() => resolveServeOptions({ model: '' })).toThrow(TypeError);
  });
});
