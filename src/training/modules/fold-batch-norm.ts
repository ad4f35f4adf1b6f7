import type { BatchNorm } from './batch-norm.ts';
import type { ConvolutionWeights } from './convolution-node.ts';

/**
 * The convolution that computes BN(conv(x)) in inference mode: each output channel's filter is scaled by
 * gamma / sqrt(variance + epsilon) and the bias becomes (bias - mean) * scale + beta. Computed in float64,
 * rounded once to float32.
 */
export function foldBatchNorm(weights: ConvolutionWeights, bn: BatchNorm): ConvolutionWeights {
  const outChannels = weights.dims[0];
  if (bn.channels !== outChannels) {
    throw new RangeError(
      `cannot fold a BatchNorm of ${bn.channels} channels into a convolution with ${outChannels} outputs`,
    );
  }
  const { scale, shift } = bn.inferenceAffine();
  const perOutput = weights.weight.length / outChannels;
  const weight = new Float32Array(weights.weight.length);
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    for (let j = 0; j < perOutput; j++) weight[o * perOutput + j] = weights.weight[o * perOutput + j]! * scale[o]!;
    bias[o] = (weights.bias?.[o] ?? 0) * scale[o]! + shift[o]!;
  }
  return { weight, dims: weights.dims, bias, group: weights.group };
}
