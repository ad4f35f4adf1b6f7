import { describe, expect, it } from 'vitest';
import { nonMaxSuppression } from '../../../../src/training/face-detector/non-max-suppression.ts';

/** Boxes as x1, y1, x2, y2 rows. */
const candidates = (boxes: number[][], scores: number[]) => ({ boxes: Float32Array.from(boxes.flat()), scores: Float32Array.from(scores) });

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes, highest score first, and every box that overlaps none', () => {
    const kept = nonMaxSuppression(candidates([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 10]], [0.6, 0.9, 0.7, 0.3]), 0.4, 0.5);
    // Box 0 overlaps box 1 with IoU 81/119 = 0.68 > 0.4; box 3 is below the threshold.
    expect(kept).toEqual([1, 2]);
  });

  it('suppresses a box only when its IoU with a kept one exceeds the threshold (here IoU 0.4 against 0.41 and 0.39)', () => {
    // Two 10 x 10 boxes overlapping 10 x (40/7): IoU = (400/7) / (200 - 400/7) = 0.4.
    const shift = 10 - 40 / 7;
    const [a, b] = [[0, 0, 10, 10], [shift, 0, shift + 10, 10]];
    expect(nonMaxSuppression(candidates([a!, b!], [0.9, 0.8]), 0.41, 0.5)).toEqual([0, 1]);
    expect(nonMaxSuppression(candidates([a!, b!], [0.9, 0.8]), 0.39, 0.5)).toEqual([0]);
  });

  it('keeps nothing when no score exceeds the threshold, and breaks score ties toward the lower index', () => {
    expect(nonMaxSuppression(candidates([[0, 0, 1, 1]], [0.5]), 0.4, 0.5)).toEqual([]);
    expect(nonMaxSuppression(candidates([[0, 0, 10, 10], [0, 0, 10, 10]], [0.8, 0.8]), 0.4, 0.5)).toEqual([0]);
  });
});
