/**
 * Alignment for the crop rule: the crop turned about its centre so that the eyes lie on one horizontal line,
 * as DeepfakeBench's landmark-aligned crops are. It needs eye points, which a box-only face detector does not
 * give; the crop rule works without it.
 */

import type { SourceRect } from '../model-region.ts';
import type { DecodedImage } from '../preprocess.ts';
import { sampleBilinear } from '../sample-bilinear.ts';
import { pixelRegion } from './crop-rule.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The angle (radians, y down, so positive turns clockwise on screen) of the line from the left eye to the right eye. */
export function eyeAngle(leftEye: Point, rightEye: Point): number {
  return Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
}

/**
 * The square `region` (on whole pixels) turned by `angle` about its centre: output pixel (u, v) is the source
 * sampled bilinearly at the centre plus (u, v)'s offset from the output's centre turned by `angle`. Turning by
 * the eye angle levels the eyes. Samples beyond the image take the nearest edge pixel, so a crop at the edge
 * has no black corners. Plain code rather than sharp's rotate, because sharp turns the whole image about its
 * centre and rounds the output size, which would move the crop; and the browser must compute the same pixels.
 */
export function alignCrop(image: DecodedImage, region: SourceRect, angle: number): DecodedImage {
  const { x, y, width, height } = pixelRegion(region, image.width, image.height);
  const { channels } = image;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centreX = x + width / 2;
  const centreY = y + height / 2;
  const data = new Uint8Array(width * height * channels);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const dx = u + 0.5 - width / 2;
      const dy = v + 0.5 - height / 2;
      // Pixel centres sit at +0.5; the bilinear weights work on centre coordinates.
      const sourceX = centreX + cos * dx - sin * dy - 0.5;
      const sourceY = centreY + sin * dx + cos * dy - 0.5;
      for (let c = 0; c < channels; c++) data[(v * width + u) * channels + c] = Math.round(sampleBilinear(image.data, image.height, image.width, sourceX, sourceY, channels, c));
    }
  }
  return { data, width, height, channels };
}
