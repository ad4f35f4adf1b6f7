import type { FaceCandidates } from './decode-face-boxes.ts';

/**
 * Greedy non-maximum suppression as ONNX's NonMaxSuppression defines it (and face-api's own): candidates with
 * a score above `scoreThreshold`, highest first (ties: lower index first), each kept unless its IoU with a box
 * already kept exceeds `iouThreshold`. Returns the kept indices in the order kept. Written here because it is
 * the reference face.onnx's NonMaxSuppression node is checked against.
 */
export function nonMaxSuppression(candidates: FaceCandidates, iouThreshold: number, scoreThreshold: number): number[] {
  const { boxes, scores } = candidates;
  const order = Array.from(scores.keys()).filter((i) => scores[i]! > scoreThreshold);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.every((j) => intersectionOverUnion(boxes, i, j) <= iouThreshold)) kept.push(i);
  }
  return kept;
}

function intersectionOverUnion(boxes: Float32Array, i: number, j: number): number {
  const [ax1, ay1, ax2, ay2] = corners(boxes, i);
  const [bx1, by1, bx2, by2] = corners(boxes, j);
  const width = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const height = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const intersection = width * height;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - intersection;
  return union > 0 ? intersection / union : 0;
}

function corners(boxes: Float32Array, i: number): [number, number, number, number] {
  return [boxes[i * 4]!, boxes[i * 4 + 1]!, boxes[i * 4 + 2]!, boxes[i * 4 + 3]!];
}
