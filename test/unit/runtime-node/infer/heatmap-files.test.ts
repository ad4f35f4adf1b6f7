import { describe, expect, it } from 'vitest';
import { heatmapNames } from '../../../../src/runtime-node/infer/heatmap-files.ts';

describe('heatmapNames', () => {
  it('names each PNG after its input and numbers repeated names in input order', () => {
    expect(heatmapNames(['a/000.jpg', 'b/000.jpg', 'b/face.png', 'c/000.webp', 'face'])).toEqual([
      '000.png',
      '000-2.png',
      'face.png',
      '000-3.png',
      'face-2.png',
    ]);
  });
});
