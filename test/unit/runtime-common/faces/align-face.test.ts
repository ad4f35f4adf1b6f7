import { describe, expect, it } from 'vitest';
import { alignCrop, eyeAngle } from '../../../../src/runtime-common/faces/align-face.ts';
import { cropImage } from '../../../../src/runtime-common/faces/crop-rule.ts';

function coordinates(width: number, height: number) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { data, width, height, channels: 3 as const };
}

describe('eyeAngle', () => {
  it('is the angle of the left-to-right eye line, positive when the right eye is lower (y down)', () => {
    expect(eyeAngle({ x: 10, y: 20 }, { x: 30, y: 20 })).toBe(0);
    expect(eyeAngle({ x: 10, y: 10 }, { x: 20, y: 20 })).toBeCloseTo(Math.PI / 4, 12);
    expect(eyeAngle({ x: 10, y: 20 }, { x: 20, y: 10 })).toBeCloseTo(-Math.PI / 4, 12);
  });
});

describe('alignCrop', () => {
  const image = coordinates(40, 30);
  const region = { x: 10, y: 5, width: 12, height: 12 };

  it('is the plain crop at angle 0', () => {
    expect(Array.from(alignCrop(image, region, 0).data)).toEqual(Array.from(cropImage(image, region).data));
  });

  it('turns a quarter turn about the crop centre: output right is source down', () => {
    const turned = alignCrop(image, region, Math.PI / 2);
    const at = (u: number, v: number) => Array.from(turned.data.subarray((v * 12 + u) * 3, (v * 12 + u) * 3 + 3));
    // Centre (16, 11). Output pixel (u, v) samples the source at (16 - (v + 0.5 - 6), 11 + (u + 0.5 - 6)).
    expect(at(0, 0)).toEqual([21, 5, 7]);
    expect(at(11, 0)).toEqual([21, 16, 7]);
    expect(at(0, 11)).toEqual([10, 5, 7]);
  });

  it('levels a tilted eye line: two marked eyes land on one row of the aligned crop', () => {
    const width = 60;
    const picture = { data: new Uint8Array(width * width * 3), width, height: width, channels: 3 as const };
    const leftEye = { x: 20, y: 24 };
    const rightEye = { x: 40, y: 36 };
    for (const eye of [leftEye, rightEye]) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) picture.data.fill(255, ((eye.y + dy) * width + eye.x + dx) * 3, ((eye.y + dy) * width + eye.x + dx + 1) * 3);
    const aligned = alignCrop(picture, { x: 10, y: 10, width: 40, height: 40 }, eyeAngle(leftEye, rightEye));
    const brightest = (fromColumn: number, toColumn: number) => {
      let best = { row: -1, value: -1 };
      for (let v = 0; v < 40; v++) for (let u = fromColumn; u < toColumn; u++) if (aligned.data[(v * 40 + u) * 3]! > best.value) best = { row: v, value: aligned.data[(v * 40 + u) * 3]! };
      return best.row;
    };
    const leftRow = brightest(0, 20);
    expect(leftRow).toBe(brightest(20, 40));
    expect(leftRow).toBe(19); // the eye line passes through the crop centre (30, 30), i.e. row 19.5
  });
});
