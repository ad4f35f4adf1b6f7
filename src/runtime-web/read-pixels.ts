import type { DecodedImage } from '../runtime-common/preprocess.ts';

/** What the browser adapter accepts: anything a 2D canvas can draw, or pixels already read. */
export type PixelSource = ImageData | ImageBitmap | HTMLImageElement | HTMLCanvasElement;

/**
 * The RGBA pixels of `source` at its own resolution. Drawing at 1:1 onto a software-backed canvas copies the
 * bytes unchanged for opaque images; resizing is left to runtime-common so the browser computes the same
 * floats as Node and the trainer.
 */
export function readPixels(source: PixelSource): DecodedImage {
  if (isImageData(source)) return { data: source.data, width: source.width, height: source.height, channels: 4 };
  const { width, height } = sourceSize(source);
  if (width === 0 || height === 0) {
    throw new RangeError(`detect() needs a decoded image with pixels, found ${width}x${height} (is the <img> loaded, the bitmap open?)`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser gives no 2D canvas context to read the image pixels');
  context.drawImage(source, 0, 0);
  try {
    const pixels = context.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
    return { data: pixels.data, width, height, channels: 4 };
  } catch (error) {
    throw new TypeError(`detect() cannot read the image's pixels (${(error as Error).message}); an image from another origin needs CORS (crossOrigin="anonymous" and an Access-Control-Allow-Origin header)`);
  }
}

function isImageData(source: PixelSource): source is ImageData {
  return typeof ImageData !== 'undefined' && source instanceof ImageData;
}

function sourceSize(source: Exclude<PixelSource, ImageData>): { width: number; height: number } {
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    return { width: source.naturalWidth, height: source.naturalHeight };
  }
  if ((typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) || (typeof HTMLCanvasElement !== 'undefined' && source instanceof HTMLCanvasElement)) {
    return { width: source.width, height: source.height };
  }
  throw new TypeError(`detect() takes ImageData, ImageBitmap, HTMLImageElement or HTMLCanvasElement, found ${Object.prototype.toString.call(source)}`);
}
