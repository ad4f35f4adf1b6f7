import type { ModelManifest } from './model-manifest.ts';
import type { Session, Tensor } from './session.ts';
import { topKMask } from './topk-mask.ts';

/** What a detector returns for a batch of n images; per-image values are contiguous. */
export interface Detection {
  readonly n: number;
  /** Probability that each image is fake: sigmoid(logit). [n] */
  readonly prob: Float32Array;
  /** The teacher's attention over the h*w feature positions. [n, h*w] */
  readonly attention: Float32Array;
  /** The mask the student saw: 0 = masked out. [n, h*w] */
  readonly mask: Float32Array;
  /** The student's logit, the teacher's ViT and CNN logits; absent from a fused graph. [n] */
  readonly logit?: Float32Array;
  readonly vitLogit?: Float32Array;
  readonly cnnLogit?: Float32Array;
}

export interface Detector {
  readonly manifest: ModelManifest;
  /** The execution providers that ran, one per session ('cpu', or 'webgpu+cpu' style when they differ). */
  readonly ep: string;
  /** Runs images NCHW [n, 3, S, S] in [0, 1]. */
  detect(images: Float32Array, n: number): Promise<Detection>;
  release(): Promise<void>;
}

/**
 * The deployed method on two graphs: teacher -> attention -> top-k mask (here, in plain code) -> student.
 * Batches larger than a fixed-batch export are split; a short last chunk is padded by repeating its last image.
 */
export class MaskThenClassify implements Detector {
  readonly ep: string;

  constructor(
    readonly manifest: ModelManifest,
    private readonly teacher: Session,
    private readonly student: Session,
  ) {
    this.ep = teacher.ep === student.ep ? teacher.ep : `${teacher.ep}+${student.ep}`;
  }

  async detect(images: Float32Array, n: number): Promise<Detection> {
    return runInChunks(this.manifest, images, n, async (chunk, count) => {
      const teacherOut = await this.teacher.run({ image: chunk });
      const attention = teacherOut.attention!.data;
      const { h, w, k } = this.manifest.featureGrid;
      const { strategy, seed } = this.manifest.mask;
      const images = chunk.data.subarray(0, (count * chunk.data.length) / chunk.dims[0]!);
      const mask = topKMask(attention, count, h * w, k, strategy, seed, images);
      const logit = await this.classifyChunk(chunk, mask, count);
      return { attention, mask, logit, vitLogit: teacherOut.vit_logit!.data, cnnLogit: teacherOut.cnn_logit!.data };
    });
  }

  /** The student alone on a given mask [n, h*w]: parity uses it to compare students on the reference mask. */
  async classify(images: Float32Array, mask: Float32Array, n: number): Promise<Float32Array> {
    const { h, w } = this.manifest.featureGrid;
    const result = await runInChunks(this.manifest, images, n, async (chunk, count, offset) => {
      const chunkMask = mask.subarray(offset * h * w, (offset + count) * h * w);
      return { logit: await this.classifyChunk(chunk, chunkMask, count) };
    });
    return result.logit!;
  }

  private async classifyChunk(chunk: Tensor, mask: Float32Array, count: number): Promise<Float32Array> {
    const { h, w } = this.manifest.featureGrid;
    const batch = chunk.dims[0]!;
    const padded = padRows(mask, count, batch, h * w);
    const out = await this.student.run({ image: chunk, mask: { data: padded, dims: [batch, h, w] } });
    return out.logit!.data;
  }

  async release(): Promise<void> {
    await Promise.all([this.teacher.release(), this.student.release()]);
  }
}

/** The fused graph (detector.onnx): image -> prob, attention, mask in one session, TopK inside the graph. */
export class FusedDetector implements Detector {
  readonly ep: string;

  constructor(
    readonly manifest: ModelManifest,
    private readonly session: Session,
  ) {
    this.ep = session.ep;
  }

  async detect(images: Float32Array, n: number): Promise<Detection> {
    return runInChunks(this.manifest, images, n, async (chunk) => {
      const out = await this.session.run({ image: chunk });
      return { attention: out.attention!.data, mask: out.mask!.data, prob: out.prob!.data };
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

type ChunkResult = Partial<Record<'prob' | 'attention' | 'mask' | 'logit' | 'vitLogit' | 'cnnLogit', Float32Array>>;

/** Splits n images into chunks the graphs accept, runs each, and concatenates the per-image results. */
async function runInChunks(
  manifest: ModelManifest,
  images: Float32Array,
  n: number,
  run: (chunk: Tensor, count: number, offset: number) => Promise<ChunkResult>,
): Promise<Detection & ChunkResult> {
  const size = manifest.input.size;
  const imageLength = 3 * size * size;
  if (images.length !== n * imageLength) {
    throw new RangeError(`expected ${n} images of 3x${size}x${size} floats (${n * imageLength} values), got ${images.length}`);
  }
  const fixed = manifest.onnx.batch === 'dynamic' ? undefined : manifest.onnx.batch;
  const chunkSize = fixed ?? Math.max(n, 1);
  const parts: Array<{ count: number; result: ChunkResult }> = [];
  for (let offset = 0; offset < n; offset += chunkSize) {
    const count = Math.min(chunkSize, n - offset);
    const batch = fixed ?? count;
    const data = padRows(images.subarray(offset * imageLength, (offset + count) * imageLength), count, batch, imageLength);
    parts.push({ count, result: await run({ data, dims: [batch, 3, size, size] }, count, offset) });
  }
  const join = (key: keyof ChunkResult, perImage: number): Float32Array | undefined => {
    if (parts.length === 0 || parts[0]!.result[key] === undefined) return undefined;
    const out = new Float32Array(n * perImage);
    let at = 0;
    for (const { count, result } of parts) {
      out.set(result[key]!.subarray(0, count * perImage), at);
      at += count * perImage;
    }
    return out;
  };
  const { h, w } = manifest.featureGrid;
  const logit = join('logit', 1);
  const prob = join('prob', 1) ?? (logit ? logit.map(sigmoid) : new Float32Array(n));
  return {
    n,
    prob,
    attention: join('attention', h * w) ?? new Float32Array(n * h * w),
    mask: join('mask', h * w) ?? new Float32Array(n * h * w),
    logit,
    vitLogit: join('vitLogit', 1),
    cnnLogit: join('cnnLogit', 1),
  };
}

/** Rows [count, width] padded to [batch, width] by repeating the last row (a fixed-batch graph needs full batches). */
function padRows(rows: Float32Array, count: number, batch: number, width: number): Float32Array {
  if (count === batch) return rows.length === count * width ? rows : rows.slice(0, count * width);
  const out = new Float32Array(batch * width);
  out.set(rows.subarray(0, count * width));
  for (let i = count; i < batch; i++) out.copyWithin(i * width, (count - 1) * width, count * width);
  return out;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
