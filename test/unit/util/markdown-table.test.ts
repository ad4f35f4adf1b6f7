import { describe, expect, it } from 'vitest';
import { markdownTable } from '../../../src/util/markdown-table.ts';

describe('markdownTable', () => {
  it('pads every column to its widest cell and marks right-aligned columns in the rule', () => {
    const table = markdownTable(['runtime', 'ms'], [['node-cpu', '1.5'], ['web-wasm', '12.25']], new Set([1]));
    expect(table.split('\n')).toEqual([
      '| runtime  |    ms |',
      '| -------- | ----: |',
      '| node-cpu |   1.5 |',
      '| web-wasm | 12.25 |',
    ]);
  });
});
