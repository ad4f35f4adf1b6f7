import * as tf from '@tensorflow/tfjs-core';

export interface ConvCase {
  readonly batch: number;
  readonly size: number;
  readonly channels: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  readonly pad: 'same' | 'valid' | number;
}

/**
 * Batch and channels above 1, odd and even sizes, strides 1 and 2, dilations 1 and 2 (never both above 1,
 * which tfjs's convolutions reject), 'same', 'valid' and an explicit pad.
 */
export function convCases(options: { dilations: boolean }): ConvCase[] {
  const cases: ConvCase[] = [];
  for (const size of [7, 8]) {
    for (const [stride, dilation] of options.dilations ? [[1, 1], [2, 1], [1, 2]] : [[1, 1], [2, 1]]) {
      for (const pad of ['same', 'valid', 1] as const) {
        cases.push({ batch: 2, size, channels: size === 7 ? 3 : 5, kernel: 3, stride: stride!, dilation: dilation!, pad });
      }
    }
  }
  cases.push({ batch: 3, size: 9, channels: 4, kernel: 1, stride: 2, dilation: 1, pad: 'valid' });
  cases.push({ batch: 2, size: 6, channels: 2, kernel: 5, stride: 2, dilation: 1, pad: 'same' });
  return cases;
}

export function describeCase(c: ConvCase): string {
  return `x [${c.batch},${c.size},${c.size},${c.channels}] ${c.kernel}x${c.kernel} stride ${c.stride} dilation ${c.dilation} pad ${c.pad}`;
}

/** dy's shape for a case, from tfjs's own arithmetic. */
export function outputShape(c: ConvCase, outChannels: number, depthwise: boolean): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(
    [c.batch, c.size, c.size, c.channels],
    [c.kernel, c.kernel, c.channels, outChannels],
    c.stride,
    c.dilation,
    c.pad,
    undefined,
    depthwise,
  );
  return info.outShape;
}
