import { describe, expect, it } from 'vitest';
import { faceToPixel, pixelToFace } from '../../../src/synth/geometry.ts';
import { renderRealFrame } from '../../../src/synth/real-frame.ts';

describe('renderRealFrame', () => {
  it('renders an S x S RGB frame in [0, 1] with the face where its geometry says', () => {
    const frame = renderRealFrame(3, { identity: 4, video: 1, frame: 2 }, 64);
    expect([frame.image.width, frame.image.height, frame.image.data.length]).toEqual([64, 64, 64 * 64 * 3]);
    expect(Math.min(...frame.image.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...frame.image.data)).toBeLessThanOrEqual(1);
    // A cheek patch averages to the identity's skin tone times a shading factor: same hue ratios within noise.
    const [cx, cy] = faceToPixel(frame.geometry, frame.geometry.faceWidth * 0.5, frame.geometry.mouth.y - 0.12);
    const mean = [0, 0, 0];
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let c = 0; c < 3; c++) mean[c]! += frame.image.data[((Math.round(cy) + dy) * 64 + Math.round(cx) + dx) * 3 + c]! / 9;
      }
    }
    const skin = frame.identity.skin;
    expect(mean[1]! / mean[0]!).toBeCloseTo(skin[1] / skin[0], 1);
    expect(mean[2]! / mean[0]!).toBeCloseTo(skin[2] / skin[0], 1);
  });

  it('varies pose, expression and noise from frame to frame but keeps the identity', () => {
    const a = renderRealFrame(3, { identity: 4, video: 1, frame: 0 }, 64);
    const b = renderRealFrame(3, { identity: 4, video: 1, frame: 1 }, 64);
    expect(b.identity).toEqual(a.identity);
    expect(b.conditions.scene).toEqual(a.conditions.scene);
    expect(b.conditions.expression).not.toEqual(a.conditions.expression);
    expect(b.geometry.centerX).not.toBe(a.geometry.centerX);
  });

  it('scales to 256 px with the face in the same place relative to the frame', () => {
    const small = renderRealFrame(3, { identity: 4, video: 1, frame: 2 }, 64);
    const large = renderRealFrame(3, { identity: 4, video: 1, frame: 2 }, 256);
    expect(large.image.data.length).toBe(256 * 256 * 3);
    const [sx, sy] = faceToPixel(small.geometry, 0, 0);
    const [lx, ly] = faceToPixel(large.geometry, 0, 0);
    expect((lx + 0.5) / 256).toBeCloseTo((sx + 0.5) / 64, 10);
    expect((ly + 0.5) / 256).toBeCloseTo((sy + 0.5) / 64, 10);
  });
});

describe('face geometry', () => {
  it('maps pixels to face units and back', () => {
    const { geometry } = renderRealFrame(9, { identity: 0, video: 0, frame: 0 }, 96);
    for (const [px, py] of [[0, 0], [47.5, 20], [95, 95]] as const) {
      const [fx, fy] = pixelToFace(geometry, px, py);
      const [bx, by] = faceToPixel(geometry, fx, fy);
      expect(bx).toBeCloseTo(px, 9);
      expect(by).toBeCloseTo(py, 9);
    }
  });
});
