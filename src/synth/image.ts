/** An RGB image as interleaved float channels (HWC), values nominally in [0, 1]. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** A pixel rectangle, inclusive of `x0`, `y0` and exclusive of `x1`, `y1`. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function createImage(width: number, height: number): RgbImage {
  return { width, height, data: new Float32Array(width * height * 3) };
}

export function cloneImage(image: RgbImage): RgbImage {
  return { width: image.width, height: image.height, data: image.data.slice() };
}

/** Rounds to 8 bits, clamping out-of-range values, the way every encoder would see the image. */
export function toUint8(image: RgbImage): Uint8Array {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < image.data.length; i++) {
    const v = Math.round(image.data[i]! * 255);
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return out;
}

/** Per-pixel blend: out = mask * over + (1 - mask) * under; a zero mask keeps `under` bit-exact. */
export function blendInto(under: RgbImage, over: RgbImage, mask: Float32Array): RgbImage {
  const out = cloneImage(under);
  for (let p = 0; p < mask.length; p++) {
    const m = mask[p]!;
    if (m === 0) continue;
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      out.data[i] = m * over.data[i]! + (1 - m) * under.data[i]!;
    }
  }
  return out;
}
