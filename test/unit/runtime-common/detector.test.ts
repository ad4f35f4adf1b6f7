import { describe, expect, it } from 'vitest';
import { MaskThenClassify } from '../../../src/runtime-common/detector.ts';
import type { ModelManifest } from '../../../src/runtime-common/model-manifest.ts';
import { deployedRandomMask } from '../../../src/runtime-common/random-mask.ts';
import type { Session, Tensor } from '../../../src/runtime-common/session.ts';
import { Rng } from '../../../src/util/rng.ts';

const size = 4;
const imageLength = 3 * size * size;
const [h, w, k] = [2, 2, 2];
const positions = h * w;

function manifest(batch: 'dynamic' | number): ModelManifest {
  return {
    input: { size },
    featureGrid: { h, w, k },
    mask: { strategy: 'random', ratio: 0.5, seed: 11 },
    onnx: { batch },
  } as unknown as ModelManifest;
}

/** A session that answers from its feeds alone; the student's logit encodes the mask it was given. */
function session(run: (feeds: Readonly<Record<string, Tensor>>) => Record<string, Tensor>): Session {
  return { ep: 'cpu', inputNames: [], outputNames: [], run: async (feeds) => run(feeds), release: async () => {} };
}

const teacher = session(({ image }) => {
  const n = image!.dims[0]!;
  return {
    attention: { data: new Float32Array(n * positions), dims: [n, positions] },
    vit_logit: { data: new Float32Array(n), dims: [n] },
    cnn_logit: { data: new Float32Array(n), dims: [n] },
  };
});
const student = session(({ mask }) => {
  const n = mask!.dims[0]!;
  const logit = Float32Array.from({ length: n }, (_, i) => mask!.data.subarray(i * positions, (i + 1) * positions).reduce((code, bit, p) => code + bit * 2 ** p, 0));
  return { logit: { data: logit, dims: [n] } };
});

const rng = new Rng([1, 'detector images']);
const pictures = Array.from({ length: 5 }, () => Float32Array.from({ length: imageLength }, () => rng.uniform()));
const batchOf = (indices: number[]) => {
  const out = new Float32Array(indices.length * imageLength);
  indices.forEach((index, i) => out.set(pictures[index]!, i * imageLength));
  return out;
};
const rowOf = (values: Float32Array, i: number) => [...values.subarray(i * positions, (i + 1) * positions)];

describe('MaskThenClassify with a random mask', () => {
  it.each(['dynamic', 2] as const)('masks an image the same alone and in any chunk of a batch (batch %s)', async (batch) => {
    const detector = new MaskThenClassify(manifest(batch), teacher, student);
    const alone = await detector.detect(batchOf([3]), 1);
    const expected = [...deployedRandomMask(pictures[3]!, 1, positions, k, 11)];
    expect(rowOf(alone.mask, 0)).toEqual(expected);
    expect(expected.filter((bit) => bit === 0)).toHaveLength(k);
    // With a fixed batch of 2, image 3 of five is second in the second chunk, and first in a padded last one.
    const inFive = await detector.detect(batchOf([0, 1, 2, 3, 4]), 5);
    const lastOfThree = await detector.detect(batchOf([1, 0, 3]), 3);
    expect(rowOf(inFive.mask, 3)).toEqual(expected);
    expect(rowOf(lastOfThree.mask, 2)).toEqual(expected);
    // The student saw that mask: its logit is the mask read as bits.
    expect(inFive.logit![3]).toBe(alone.logit![0]);
    expect(lastOfThree.logit![2]).toBe(alone.logit![0]);
  });
});
