import type { ValueEntry } from '../runtime-common/model-manifest.ts';

/**
 * The public interface of each exported graph: names, element types and shapes, as runtimes, model.json and
 * the test data all refer to them. Written once here so the graph builders and the manifest cannot disagree.
 */

/** A fixed batch size, or the symbolic dimension "N" of a dynamic-batch export. */
export type BatchDim = number | 'N';

export interface SignatureDims {
  readonly batch: BatchDim;
  /** Input side S. */
  readonly size: number;
  /** The feature grid h x w the attention and mask address. */
  readonly h: number;
  readonly w: number;
}

export interface GraphSignature {
  readonly inputs: readonly ValueEntry[];
  readonly outputs: readonly ValueEntry[];
}

const float = (name: string, shape: Array<number | string>): ValueEntry => ({ name, type: 'float32', shape });

function imageEntry({ batch, size }: SignatureDims): ValueEntry {
  return float('image', [batch, 3, size, size]);
}

/** image -> attention [N, h*w], vit_logit [N], cnn_logit [N]. */
export function teacherSignature(dims: SignatureDims): GraphSignature {
  const { batch, h, w } = dims;
  return {
    inputs: [imageEntry(dims)],
    outputs: [float('attention', [batch, h * w]), float('vit_logit', [batch]), float('cnn_logit', [batch])],
  };
}

/** (image, mask [N, h, w], 0 = masked) -> logit [N]. */
export function studentSignature(dims: SignatureDims): GraphSignature {
  const { batch, h, w } = dims;
  return { inputs: [imageEntry(dims), float('mask', [batch, h, w])], outputs: [float('logit', [batch])] };
}

/** image -> prob [N], attention [N, h*w], mask [N, h*w]: the whole method in one graph. */
export function detectorSignature(dims: SignatureDims): GraphSignature {
  const { batch, h, w } = dims;
  return {
    inputs: [imageEntry(dims)],
    outputs: [float('prob', [batch]), float('attention', [batch, h * w]), float('mask', [batch, h * w])],
  };
}

/**
 * face.onnx: one letterboxed square image [1, 3, S, S] in [0, 1] and the minimum score [1] -> the faces kept by
 * non-maximum suppression, highest score first: boxes [faces, 4] (x1, y1, x2, y2 as fractions of S) and
 * scores [faces].
 */
export function faceSignature(size: number): GraphSignature {
  return {
    inputs: [float('image', [1, 3, size, size]), float('score_threshold', [1])],
    outputs: [float('boxes', ['faces', 4]), float('scores', ['faces'])],
  };
}
