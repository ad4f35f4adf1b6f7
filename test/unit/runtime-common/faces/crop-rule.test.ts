import { describe, expect, it } from 'vitest';
import { cropImage, faceCropRegion, faceMargin, pixelRegion } from '../../../../src/runtime-common/faces/crop-rule.ts';

/** Pixel (x, y) holds (x, y, x + y): a crop's values say where it was cut from. */
function coordinates(width: number, height: number, channels: 3 | 4 = 3) {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, x + y, 255].slice(0, channels), (y * width + x) * channels);
  return { data, width, height, channels };
}

describe('faceCropRegion', () => {
  it('is a square 1.3 times the longer side around the box centre when it fits', () => {
    expect(faceMargin).toBe(1.3);
    const region = faceCropRegion({ x: 40, y: 30, width: 20, height: 40 }, 200, 100);
    expect(region.width).toBeCloseTo(52, 12);
    expect(region.height).toBeCloseTo(52, 12);
    expect(region.x).toBeCloseTo(50 - 26, 12);
    expect(region.y).toBeCloseTo(50 - 26, 12);
  });

  it('moves a square that overhangs an edge back inside, keeping its size', () => {
    expect(faceCropRegion({ x: 0, y: 0, width: 20, height: 20 }, 100, 80)).toEqual({ x: 0, y: 0, width: 26, height: 26 });
    const corner = faceCropRegion({ x: 90, y: 70, width: 10, height: 10 }, 100, 80);
    expect(corner).toEqual({ x: 100 - 13, y: 80 - 13, width: 13, height: 13 });
  });

  it('shrinks a square larger than the shorter side to it, centred on the box along the longer side', () => {
    expect(faceCropRegion({ x: 60, y: 10, width: 60, height: 70 }, 200, 80)).toEqual({ x: 90 - 40, y: 0, width: 80, height: 80 });
  });

  it('takes another margin and refuses a margin or image that cannot make a crop', () => {
    expect(faceCropRegion({ x: 10, y: 10, width: 10, height: 10 }, 100, 100, 2)).toEqual({ x: 5, y: 5, width: 20, height: 20 });
    expect(() => faceCropRegion({ x: 0, y: 0, width: 1, height: 1 }, 10, 10, 0)).toThrow(/margin must be positive, found 0/);
    expect(() => faceCropRegion({ x: 0, y: 0, width: 1, height: 1 }, 0, 10)).toThrow(/at least 1 x 1 pixels, found 0 x 10/);
  });
});

describe('pixelRegion', () => {
  it('rounds size and corner separately, so a square stays square, and keeps it inside the image', () => {
    expect(pixelRegion({ x: 10.4, y: 3.6, width: 25.5, height: 25.5 }, 100, 100)).toEqual({ x: 10, y: 4, width: 26, height: 26 });
    expect(pixelRegion({ x: 79.7, y: 0, width: 20.6, height: 20.6 }, 100, 100)).toEqual({ x: 79, y: 0, width: 21, height: 21 });
    expect(pixelRegion({ x: 5, y: 5, width: 0.2, height: 0.2 }, 100, 100)).toEqual({ x: 5, y: 5, width: 1, height: 1 });
  });
});

describe('cropImage', () => {
  it('copies the region pixel for pixel, keeping the channel count', () => {
    const crop = cropImage(coordinates(20, 10, 4), { x: 3, y: 2, width: 4, height: 5 });
    expect([crop.width, crop.height, crop.channels]).toEqual([4, 5, 4]);
    expect(Array.from(crop.data.subarray(0, 4))).toEqual([3, 2, 5, 255]);
    const last = (4 * 5 - 1) * 4;
    expect(Array.from(crop.data.subarray(last, last + 4))).toEqual([6, 6, 12, 255]);
  });

  it('crops the rounded region of a fractional face crop', () => {
    const image = coordinates(64, 48);
    const region = faceCropRegion({ x: 10.2, y: 7.7, width: 15, height: 14 }, 64, 48); // side 19.5 around (17.7, 14.7)
    const crop = cropImage(image, region);
    expect([crop.width, crop.height]).toEqual([20, 20]);
    expect(Array.from(crop.data.subarray(0, 3))).toEqual([8, 5, 13]); // corner (7.95, 4.95) rounds to (8, 5)
  });
});
