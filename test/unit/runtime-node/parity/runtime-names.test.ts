import { describe, expect, it } from 'vitest';
import { parseRuntimeNames } from '../../../../src/runtime-node/parity/runtime-names.ts';

describe('parseRuntimeNames', () => {
  it('splits, trims and de-duplicates in the order given', () => {
    expect(parseRuntimeNames(' web-wasm,node-cpu ,web-wasm')).toEqual(['web-wasm', 'node-cpu']);
  });

  it('names the flag and the unknown runtime', () => {
    expect(() => parseRuntimeNames('node-cpu,node-gpu')).toThrow(/--runtimes: unknown runtime "node-gpu"; expected .*node-webgpu/);
    expect(() => parseRuntimeNames(' , ')).toThrow(RangeError);
  });
});
