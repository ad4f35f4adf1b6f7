/**
 * The one face crop rule of training data preparation and every runtime: a detected face box becomes a
 * square `faceMargin` times its longer side around the box's centre, so the detector sees the face with some
 * context around it, as DeepfakeBench's crops do. The crop's pixels then go through the model's own
 * pre-processing (preprocess.ts), so a crop made by `ftd crop` and one made at inference resize alike.
 */

import type { SourceRect } from '../model-region.ts';
import type { DecodedImage } from '../preprocess.ts';

/** DeepfakeBench's margin: the crop's side is 1.3 times the face box's longer side. */
export const faceMargin = 1.3;

/**
 * The detected box enlarged to a square `margin` times its longer side around the box's centre, moved to lie
 * inside the image where it overhangs an edge, and shrunk (still square, still centred on the box where it
 * can be) when it is larger than the image's shorter side. Fractional source pixels, like the box.
 */
export function faceCropRegion(box: SourceRect, imageWidth: number, imageHeight: number, margin = faceMargin): SourceRect {
  if (!(margin > 0)) throw new RangeError(`face crop margin must be positive, found ${margin}`);
  if (!(imageWidth >= 1 && imageHeight >= 1)) throw new RangeError(`face crop needs an image of at least 1 x 1 pixels, found ${imageWidth} x ${imageHeight}`);
  const side = Math.min(margin * Math.max(box.width, box.height), imageWidth, imageHeight);
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  return {
    x: clamp(centreX - side / 2, 0, imageWidth - side),
    y: clamp(centreY - side / 2, 0, imageHeight - side),
    width: side,
    height: side,
  };
}

/**
 * `region` on whole pixels: its size rounded (at least one pixel), its corner rounded and kept inside the
 * image. Rounding the size and the corner separately keeps a square region square.
 */
export function pixelRegion(region: SourceRect, imageWidth: number, imageHeight: number): SourceRect {
  const width = clamp(Math.round(region.width), 1, imageWidth);
  const height = clamp(Math.round(region.height), 1, imageHeight);
  return {
    x: clamp(Math.round(region.x), 0, imageWidth - width),
    y: clamp(Math.round(region.y), 0, imageHeight - height),
    width,
    height,
  };
}

/** The pixels of `region` (on whole pixels, see `pixelRegion`) as a new image of the same channel count. */
export function cropImage(image: DecodedImage, region: SourceRect): DecodedImage {
  const { x, y, width, height } = pixelRegion(region, image.width, image.height);
  const { channels } = image;
  const data = new Uint8Array(width * height * channels);
  const rowBytes = width * channels;
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * channels;
    data.set(image.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  return { data, width, height, channels };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
