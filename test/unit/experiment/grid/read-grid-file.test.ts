import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGrid, readGridFile } from '../../../../src/experiment/grid/read-grid-file.ts';

const file = 'grids/g.json';
const base = { data: 'data/synth-80', train: { preset: 'small', compression: 'c23' }, axes: { mask: ['high', 'none'] }, seeds: [0, 1, 2] };
const parse = (overrides: Record<string, unknown>) => parseGrid({ ...base, ...overrides }, file);

describe('parseGrid reads', () => {
  it('axes as their product, named after every axis in the file\'s order, then named configurations', () => {
    const grid = parse({
      axes: { mask: ['high', 'none'], mixup: [true, false] },
      configurations: [{ name: 'method-slow', mask: 'high', lr: 0.003 }],
      baseline: 'mask-none_no-mixup',
    });
    expect(grid.configurations).toEqual([
      { name: 'mask-high_mixup', flags: { mask: 'high', mixup: true } },
      { name: 'mask-high_no-mixup', flags: { mask: 'high', mixup: false } },
      { name: 'mask-none_mixup', flags: { mask: 'none', mixup: true } },
      { name: 'mask-none_no-mixup', flags: { mask: 'none', mixup: false } },
      { name: 'method-slow', flags: { mask: 'high', learningRate: 0.003 } },
    ]);
    expect(grid).toMatchObject({ data: 'data/synth-80', train: { preset: 'small', compressions: ['c23'] }, seeds: [0, 1, 2], baseline: 'mask-none_no-mixup' });
  });

  it('train flags by their ftd train names, lists as arrays or comma-separated strings', () => {
    const grid = parse({ train: { preset: 'tiny', epochs: 3, 'steps-per-epoch': 100, batch: 8, lr: 0.01, 'mask-ratio': 0.5, compression: 'c23, c40', backend: 'wasm', 'skip-bad': true } });
    expect(grid.train).toEqual({ preset: 'tiny', epochs: 3, stepsPerEpoch: 100, batchSize: 8, learningRate: 0.01, maskRatio: 0.5, compressions: ['c23', 'c40'], backend: 'wasm', skipBad: true });
  });

  it('train-types as lists of fake types; absent, one entry of every type', () => {
    expect(parse({ 'train-types': [['swap'], 'reenact,graphic,texture'] }).trainTypes).toEqual([['swap'], ['reenact', 'graphic', 'texture']]);
    expect(parse({}).trainTypes).toEqual([null]);
    expect(parse({}).baseline).toBeNull();
  });
});

describe('parseGrid refuses, naming the file and the field', () => {
  it.each([
    [{ data: 3 }, TypeError, /^grids\/g\.json: data must be a non-empty string, got 3$/],
    [{ seeds: [0, 'one'] }, TypeError, /^grids\/g\.json: seeds\[1\] must be an integer, got "one"$/],
    [{ seeds: [0, 1, 0] }, RangeError, /^grids\/g\.json: seeds lists 0 twice$/],
    [{ seeds: [] }, RangeError, /^grids\/g\.json: seeds must list at least one seed, got \[\]$/],
    [{ axes: { mask: ['high', 'medium'] } }, RangeError, /^grids\/g\.json: axes\.mask\[1\] must be one of "high", "low", "random", "none", got "medium"$/],
    [{ axes: { mask: 'high' } }, TypeError, /^grids\/g\.json: axes\.mask must be a non-empty array of values, got "high"$/],
    [{ axes: { mixup: [true, true] } }, RangeError, /^grids\/g\.json: axes\.mixup lists mixup twice$/],
    [{ axes: { masks: ['high'] } }, TypeError, /^grids\/g\.json: unknown train flag axes\.masks; expected one of preset, epochs, steps-per-epoch,/],
    [{ axes: { seed: [0, 1] } }, RangeError, /^grids\/g\.json: axes\.seed cannot be set here; it is set by the top-level "seeds" list$/],
    [{ axes: {} }, RangeError, /^grids\/g\.json: axes names no train flag; give at least one/],
    [{ train: { epochs: 0 } }, RangeError, /^grids\/g\.json: train\.epochs must be an integer >= 1, got 0$/],
    [{ train: { lr: '0.01' } }, TypeError, /^grids\/g\.json: train\.lr must be a finite number, got "0\.01"$/],
    [{ train: { 'train-types': 'swap' } }, RangeError, /^grids\/g\.json: train\.train-types cannot be set here; it is set by the top-level "train-types" list$/],
    [{ train: { mask: 'high' } }, RangeError, /^grids\/g\.json: mask is set both in train and in configuration mask-high; set it in one place$/],
    [{ train: { compression: [] } }, TypeError, /^grids\/g\.json: train\.compression must be a non-empty list of names/],
    [{ 'train-types': [['swap'], ['swap']] }, RangeError, /^grids\/g\.json: train-types lists \["swap"\] twice$/],
    [{ 'train-types': [['swap', '../x']] }, RangeError, /^grids\/g\.json: train-types\[0\] must hold names of letters, digits and \. _ \+ - .*, got "\.\.\/x"/],
    [{ axes: undefined }, TypeError, /^grids\/g\.json: the grid file must have axes .* or configurations .*; found neither$/],
    [{ configurations: [{ mask: 'high' }] }, RangeError, /^grids\/g\.json: configurations\[0\]\.name must be a name of letters/],
    [{ configurations: [{ name: 'mask-high' }] }, RangeError, /^grids\/g\.json: two configurations are named mask-high; names must differ/],
    [{ configurations: [{ name: 'a', mixup: 'no' }] }, TypeError, /^grids\/g\.json: configurations\[0\]\.mixup must be true or false, got "no"$/],
    [{ baseline: 'none' }, RangeError, /^grids\/g\.json: baseline must name a configuration \(mask-high, mask-none\), got "none"$/],
    [{ seed: 0 }, TypeError, /^grids\/g\.json: unknown field seed; expected one of description, data, train, axes,/],
  ])('%j', (overrides, kind, message) => {
    expect(() => parse(overrides)).toThrow(kind);
    expect(() => parse(overrides)).toThrow(message);
  });
});

describe('readGridFile', () => {
  let root: string;
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'ftd-grid-'))));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps the text and the absolute path', async () => {
    const path = join(root, 'ok.json');
    await writeFile(path, JSON.stringify(base));
    expect(await readGridFile(path)).toMatchObject({ file: path, text: JSON.stringify(base), seeds: [0, 1, 2] });
  });

  it('names a missing file and a file that is not JSON', async () => {
    await expect(readGridFile(join(root, 'missing.json'))).rejects.toThrow(/^grid file .*missing\.json does not exist$/);
    await writeFile(join(root, 'bad.json'), '{ "data": ');
    await expect(readGridFile(join(root, 'bad.json'))).rejects.toThrow(/bad\.json: expected JSON; /);
  });
});
