import { toNchw, type DecodedImage } from '../preprocess.ts';
import { tensor, type Session } from '../session.ts';
import type { DetectedFace, FaceFinder } from './face-finder.ts';
import { letterbox } from './letterbox.ts';

/**
 * face.onnx over the abstract Session: letterbox the photo, run the graph (network, decoding and NMS inside),
 * scale the boxes from fractions of the square back to the photo's pixels and clamp them to it.
 */
export class SessionFaceFinder implements FaceFinder {
  constructor(
    private readonly session: Session,
    private readonly inputSize: number,
    private readonly scoreThreshold: number,
  ) {}

  async detect(image: DecodedImage): Promise<DetectedFace[]> {
    const { width, height } = image;
    const size = this.inputSize;
    const input = toNchw([letterbox(image, size)], size);
    const out = await this.session.run({
      image: tensor(input, [1, 3, size, size]),
      score_threshold: tensor(Float32Array.of(this.scoreThreshold), [1]),
    });
    const boxes = out.boxes?.data;
    const scores = out.scores?.data;
    if (!boxes || !scores || boxes.length !== scores.length * 4) {
      throw new RangeError(`face.onnx returned ${Object.keys(out).join(', ')}; expected boxes [faces, 4] and scores [faces]`);
    }
    const side = Math.max(width, height);
    const faces: DetectedFace[] = [];
    scores.forEach((score, i) => {
      const x1 = clamp(boxes[i * 4]! * side, width);
      const y1 = clamp(boxes[i * 4 + 1]! * side, height);
      const x2 = clamp(boxes[i * 4 + 2]! * side, width);
      const y2 = clamp(boxes[i * 4 + 3]! * side, height);
      // A box wholly inside the padding clamps to nothing: there is no face there.
      if (x2 > x1 && y2 > y1) faces.push({ box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, score });
    });
    return faces.sort((a, b) => b.score - a.score);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function clamp(value: number, limit: number): number {
  return Math.min(limit, Math.max(0, value));
}
