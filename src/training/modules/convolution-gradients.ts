import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradients of 2-D convolutions written as forward convolutions, so that every back end runs them on its
 * fastest kernels (XNNPACK on wasm) and dilated convolutions need no gradient kernel of their own. Each
 * function handles either a stride or a dilation above 1, never both, as tfjs's convolutions do.
 */
export interface ConvolutionGeometry {
  /** Filter height and width. */
  readonly kernel: readonly [number, number];
  readonly stride: number;
  readonly dilation: number;
  /** Zero padding of x as the forward pass applied it. */
  readonly pads: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
}

/** The geometry tfjs computed for a convolution (`backend_util.computeConv2DInfo` and friends). */
export function geometryOf(info: tf.backend_util.Conv2DInfo): ConvolutionGeometry {
  if (info.strideHeight !== info.strideWidth || info.dilationHeight !== info.dilationWidth) {
    throw new RangeError(
      `convolution gradients: expected equal strides and dilations on both axes; got strides ` +
        `${info.strideHeight}x${info.strideWidth}, dilations ${info.dilationHeight}x${info.dilationWidth}`,
    );
  }
  const { top, bottom, left, right } = info.padInfo;
  return {
    kernel: [info.filterHeight, info.filterWidth],
    stride: info.strideHeight,
    dilation: info.dilationHeight,
    pads: { top, bottom, left, right },
  };
}

/**
 * dW[a,b,c,o] = sum over n,i,j of xpad[n, d*a + s*i, d*b + s*j, c] * dy[n,i,j,o]: one convolution over x
 * with its batch and channel axes swapped ([C, H, W, N]), dy as the filter ([Ho, Wo, N, O]), dilated by the
 * forward stride s and strided by the forward dilation d. Returns [kh, kw, C, O].
 */
export function convolutionFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvolutionGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    // Swapped first, cropped second: the spatial axes stay 1 and 2, and a crop of [C, H, W, N] copies runs of
    // W * N values where one of [N, H, W, C] copies runs of C (3 for an RGB stem: 8 ms on wasm at 64 px).
    const swapped = tf.transpose(x, [3, 1, 2, 0]);
    const { padded, pads } = paddingFor(swapped, dy, geometry);
    const filter = tf.transpose(dy, [1, 2, 0, 3]);
    const gradient = tf.conv2d(padded, filter, geometry.dilation, pads, 'NHWC', geometry.stride);
    return tf.transpose(gradient, [1, 2, 0, 3]);
  });
}

/**
 * The depthwise analogue: x laid out as one image with N*C channels ([1, H, W, N*C]), dy as an Ho x Wo
 * depthwise filter with the channel multiplier M ([Ho, Wo, N*C, M]), then a sum over the N images.
 * Returns [kh, kw, C, M].
 */
export function depthwiseFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvolutionGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, , , channels] = x.shape;
    const multiplier = dy.shape[3] / channels;
    const { padded, pads } = paddingFor(x, dy, geometry);
    const [, height, width] = padded.shape;
    const [, outHeight, outWidth] = dy.shape;
    const images = tf.reshape<tf.Rank.R4>(tf.transpose(padded, [1, 2, 0, 3]), [1, height, width, n * channels]);
    const filter = tf.reshape<tf.Rank.R4>(tf.transpose(dy, [1, 2, 0, 3]), [outHeight, outWidth, n * channels, multiplier]);
    const perImage = tf.depthwiseConv2d(images, filter, geometry.dilation, pads, 'NHWC', geometry.stride);
    const [kh, kw] = geometry.kernel;
    const summed = n === 1 ? perImage : tf.sum(tf.reshape(perImage, [kh, kw, n, channels * multiplier]), 2);
    return tf.reshape(summed, [kh, kw, channels, multiplier]);
  });
}

/**
 * dx of a stride-1 convolution (dilation d): the convolution of dy, padded so every x position sees the
 * whole kernel, with the filter flipped in space and its in/out axes swapped, dilated by d.
 */
export function convolutionInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  geometry: ConvolutionGeometry,
): tf.Tensor4D {
  if (geometry.stride !== 1) throw new RangeError(`convolutionInputGradient: expected stride 1; got ${geometry.stride}`);
  return tf.tidy(() => {
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    const { padded, pads } = dyPadding(dy, inputShape, geometry);
    return tf.conv2d(padded, flipped as tf.Tensor4D, 1, pads, 'NHWC', geometry.dilation);
  });
}

/**
 * dx of a depthwise convolution: for stride s > 1, dy first gets s - 1 zeros after each row and column;
 * then a depthwise convolution with the flipped filter (channel multiplier M summed at the end).
 */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  geometry: ConvolutionGeometry,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, channels, multiplier] = filter.shape;
    const [n, height, width] = inputShape;
    const spread = geometry.stride > 1 ? insertZeros(dy, geometry.stride) : dy;
    const flipped = tf.reshape<tf.Rank.R4>(tf.reverse(filter, [0, 1]), [kh, kw, channels * multiplier, 1]);
    const { padded, pads } = dyPadding(spread, inputShape, { ...geometry, stride: 1 });
    const perOutput = tf.depthwiseConv2d(padded, flipped as tf.Tensor4D, 1, pads, 'NHWC', geometry.dilation);
    if (multiplier === 1) return perOutput;
    return tf.sum(tf.reshape(perOutput, [n, height, width, channels, multiplier]), 4) as tf.Tensor4D;
  });
}

type ExplicitPads = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The forward pads, with the bottom and right trimmed to the rows the filter gradient reads:
 * (k - 1) * d + (Ho - 1) * s + 1. Where that trims into x itself ('valid' with rows no window reached),
 * x is cropped, since explicit pads cannot be negative.
 */
function paddingFor(x: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvolutionGeometry): { padded: tf.Tensor4D; pads: ExplicitPads } {
  const { kernel, stride, dilation, pads } = geometry;
  const read = (axis: 0 | 1) => (kernel[axis] - 1) * dilation + (dy.shape[axis + 1]! - 1) * stride + 1;
  const bottom = read(0) - x.shape[1] - pads.top;
  const right = read(1) - x.shape[2] - pads.left;
  return cropNegative(x, pads.top, bottom, pads.left, right);
}

/** Pads of dy so that a stride-1 convolution over it yields exactly the input's height and width. */
function dyPadding(
  dy: tf.Tensor4D,
  inputShape: readonly [number, number, number, number],
  geometry: ConvolutionGeometry,
): { padded: tf.Tensor4D; pads: ExplicitPads } {
  const { kernel, dilation, pads } = geometry;
  const span = (axis: 0 | 1) => (kernel[axis] - 1) * dilation;
  const top = span(0) - pads.top;
  const left = span(1) - pads.left;
  const bottom = inputShape[1] + span(0) - top - dy.shape[1];
  const right = inputShape[2] + span(1) - left - dy.shape[2];
  return cropNegative(dy, top, bottom, left, right);
}

/** Negative pads become crops of the tensor; the rest are returned as a convolution's explicit padding. */
function cropNegative(t: tf.Tensor4D, top: number, bottom: number, left: number, right: number): { padded: tf.Tensor4D; pads: ExplicitPads } {
  const pads: ExplicitPads = [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]];
  if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return { padded: t, pads };
  const [n, height, width, channels] = t.shape;
  const begin = [0, Math.max(-top, 0), Math.max(-left, 0), 0];
  const size = [n, height - begin[1]! - Math.max(-bottom, 0), width - begin[2]! - Math.max(-right, 0), channels];
  return { padded: tf.slice(t, begin, size), pads };
}

/** [N, H, W, C] -> [N, s*H, s*W, C] with each value followed by s - 1 zeros on both axes; rank-4 ops only. */
function insertZeros(t: tf.Tensor4D, s: number): tf.Tensor4D {
  const [n, height, width, channels] = t.shape;
  const rows = tf.pad(tf.reshape(t, [n, height, 1, width * channels]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  const columns = tf.pad(tf.reshape(rows, [n * height * s, width, 1, channels]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]);
  return tf.reshape(columns, [n, height * s, width * s, channels]);
}
