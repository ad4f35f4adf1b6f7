import type * as tf from '@tensorflow/tfjs-core';
import { onnxPads, padsDependOnSize, windowOutputSize, type SpatialSize, type Window } from './padding.ts';
import { staticDim, type ShapedSink } from './shaped-sink.ts';

/** A convolution's weights in ONNX layout: OIHW (I per group), an optional bias, and the group count. */
export interface ConvolutionWeights {
  readonly weight: Float32Array;
  readonly dims: readonly [number, number, number, number];
  readonly bias: Float32Array | undefined;
  readonly group: number;
}

/** tfjs's HWIO conv kernel as ONNX's OIHW. */
export function convolutionWeightsFromHwio(kernel: tf.Variable, bias: tf.Variable | undefined): ConvolutionWeights {
  const [kh, kw, inChannels, outChannels] = kernel.shape as [number, number, number, number];
  const hwio = kernel.dataSync() as Float32Array;
  const oihw = new Float32Array(hwio.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < inChannels; i++) {
        for (let o = 0; o < outChannels; o++) {
          oihw[((o * inChannels + i) * kh + y) * kw + x] = hwio[((y * kw + x) * inChannels + i) * outChannels + o]!;
        }
      }
    }
  }
  return { weight: oihw, dims: [outChannels, inChannels, kh, kw], bias: copyOf(bias), group: 1 };
}

/**
 * tfjs's depthwise kernel [kh, kw, C, M] as an ONNX grouped convolution with one group per input channel:
 * output channel c * M + m filters input channel c, the order tfjs's depthwiseConv2d produces.
 */
export function convolutionWeightsFromDepthwise(kernel: tf.Variable): ConvolutionWeights {
  const [kh, kw, channels, multiplier] = kernel.shape as [number, number, number, number];
  const hwcm = kernel.dataSync() as Float32Array;
  const grouped = new Float32Array(hwcm.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let c = 0; c < channels; c++) {
        for (let m = 0; m < multiplier; m++) {
          grouped[((c * multiplier + m) * kh + y) * kw + x] = hwcm[((y * kw + x) * channels + c) * multiplier + m]!;
        }
      }
    }
  }
  return { weight: grouped, dims: [channels * multiplier, 1, kh, kw], bias: undefined, group: channels };
}

/**
 * Writes one Conv node on an NCHW input. Pads are explicit, computed as tfjs computes them; when they depend
 * on the input's size (strided 'same'), the input's static shape must be known to the sink.
 */
export function writeConvolution(
  sink: ShapedSink,
  input: string,
  window: Window,
  weights: ConvolutionWeights,
  who: string,
): string {
  const inputDims = sink.knownDims(input);
  const inputSize = padsDependOnSize(window) ? spatialSizeOf(sink, input, who) : knownSpatialSize(inputDims);
  const weight = sink.initializer('weight', weights.weight, weights.dims);
  const inputs = [input, weight];
  if (weights.bias !== undefined) inputs.push(sink.initializer('bias', weights.bias, [weights.bias.length]));
  const [output] = sink.node('Conv', inputs, {
    dilations: [window.dilation, window.dilation],
    group: weights.group,
    kernel_shape: [window.kernel, window.kernel],
    pads: onnxPads(inputSize ?? sizeFreeProbe(window), window),
    strides: [window.stride, window.stride],
  });
  if (inputDims !== undefined && inputSize !== undefined) {
    const out = windowOutputSize(inputSize, window, who);
    sink.setDims(output!, [inputDims[0]!, weights.dims[0], out.height, out.width]);
  }
  return output!;
}

/** The static height and width of an NCHW value; throws a RangeError naming `who` when they are unknown. */
export function spatialSizeOf(sink: ShapedSink, value: string, who: string): SpatialSize {
  const dims = sink.dims(value, who);
  return { height: staticDim(dims, 2, value, who), width: staticDim(dims, 3, value, who) };
}

export function knownSpatialSize(dims: readonly (number | string)[] | undefined): SpatialSize | undefined {
  if (dims === undefined || typeof dims[2] !== 'number' || typeof dims[3] !== 'number') return undefined;
  return { height: dims[2], width: dims[3] };
}

/** Any size will do when the pads do not depend on it; the kernel's extent keeps the arithmetic in range. */
export function sizeFreeProbe(window: Window): SpatialSize {
  const extent = (window.kernel - 1) * window.dilation + 1;
  return { height: extent, width: extent };
}

function copyOf(variable: tf.Variable | undefined): Float32Array | undefined {
  return variable === undefined ? undefined : Float32Array.from(variable.dataSync() as Float32Array);
}
