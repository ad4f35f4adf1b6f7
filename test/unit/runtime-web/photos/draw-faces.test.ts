import { describe, expect, it } from 'vitest';
import { canvasSize } from '../../../../src/runtime-web/photos/draw-faces.ts';

describe('canvasSize', () => {
  it('shrinks a photo to at most 960 px on its longer side, keeping its shape, and never enlarges one', () => {
    expect(canvasSize(1920, 1280)).toEqual({ width: 960, height: 640 });
    expect(canvasSize(1080, 1920)).toEqual({ width: 540, height: 960 });
    expect(canvasSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(canvasSize(5000, 3)).toEqual({ width: 960, height: 1 });
  });
});
