import { describe, expect, it } from 'vitest';
import { checkModel } from '../../../../src/export/onnx/checker.ts';
import { GraphBuilder } from '../../../../src/export/onnx/graph-builder.ts';
import { onnx } from '../../../../src/export/onnx/proto.ts';
import { float } from '../../../../src/training/modules/emit.ts';
import { Rng } from '../../../../src/util/rng.ts';
import { checkWithReferenceOnnx, referenceOnnx } from '../../../helpers/onnx-checker.ts';
import { runOnnx } from '../../../helpers/onnx-runtime.ts';

/** image [N,2,5,5] -> Conv 3x3 stride 2 pad 1 -> Relu -> GlobalAveragePool -> Flatten -> Gemm(0.5 * x W^T + b). */
const channels = 2;
const filters = 3;
const size = 5;
const outSize = 3;
const classes = 2;
const rng = new Rng([7, 'small-graph']);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const convWeight = random(filters * channels * 9);
const convBias = random(filters);
const gemmWeight = random(classes * filters);
const gemmBias = random(classes);

function buildModel(): Uint8Array {
  const graph = new GraphBuilder({ name: 'small', foldBatchNorm: true });
  const image = graph.addInput('image', 'float32', ['N', channels, size, size]);
  const features = graph.scope('features');
  const [conv] = features.node(
    'Conv',
    [image, features.initializer('weight', convWeight, [filters, channels, 3, 3]), features.initializer('bias', convBias, [filters])],
    { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] },
  );
  const [relu] = features.node('Relu', [conv!]);
  const [pooled] = features.node('GlobalAveragePool', [relu!]);
  const [flat] = features.node('Flatten', [pooled!], { axis: 1 });
  const head = graph.scope('head');
  const [logits] = head.node(
    'Gemm',
    [flat!, head.initializer('weight', gemmWeight, [classes, filters]), head.initializer('bias', gemmBias, [classes])],
    { alpha: float(0.5), transB: 1 },
  );
  graph.addOutput(logits!, 'logits', 'float32', ['N', classes]);
  return graph.serialize();
}

/** The same network written as loops over NCHW arrays. */
function handComputed(image: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * classes);
  for (let b = 0; b < n; b += 1) {
    const pooled = new Float64Array(filters);
    for (let f = 0; f < filters; f += 1) {
      for (let oy = 0; oy < outSize; oy += 1) {
        for (let ox = 0; ox < outSize; ox += 1) {
          let sum = convBias[f]!;
          for (let c = 0; c < channels; c += 1) {
            for (let ky = 0; ky < 3; ky += 1) {
              for (let kx = 0; kx < 3; kx += 1) {
                const y = oy * 2 - 1 + ky;
                const x = ox * 2 - 1 + kx;
                if (y < 0 || y >= size || x < 0 || x >= size) continue;
                sum += image[((b * channels + c) * size + y) * size + x]! * convWeight[((f * channels + c) * 3 + ky) * 3 + kx]!;
              }
            }
          }
          pooled[f]! += Math.max(0, sum) / (outSize * outSize);
        }
      }
    }
    for (let k = 0; k < classes; k += 1) {
      let sum = 0;
      for (let f = 0; f < filters; f += 1) sum += pooled[f]! * gemmWeight[k * filters + f]!;
      out[b * classes + k] = 0.5 * sum + gemmBias[k]!;
    }
  }
  return out;
}

const reference = referenceOnnx();
if (!reference.available) console.warn(`skipping the reference ONNX checker: ${reference.reason}`);

describe('a small Conv + Relu + Gemm graph', () => {
  const model = buildModel();

  it('passes our checker after a round trip through its bytes', () => {
    expect(checkModel(onnx.ModelProto.decode(model))).toEqual([]);
  });

  it.skipIf(!reference.available)('passes the reference ONNX checker with full shape inference', () => {
    expect(checkWithReferenceOnnx(model)).toEqual({ ok: true });
  });

  it.skipIf(!reference.available)('is checked by a reference checker that does reject type errors', () => {
    // Our checker is structural; element types flowing between nodes are the reference checker's job.
    const graph = new GraphBuilder({ name: 'mixed', foldBatchNorm: true });
    const x = graph.addInput('x', 'float32', ['N', 3]);
    const [sum] = graph.node('Add', [x, graph.int64Initializer('offset', [1, 2, 3], [3])]);
    graph.addOutput(sum!, 'y', 'float32', ['N', 3]);
    const result = checkWithReferenceOnnx(graph.serialize());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('(op_type:Add, node name: Add_0): B has inconsistent type tensor(int64)');
  });

  it('runs on onnxruntime-node and matches the hand computation to 1e-5', async () => {
    const n = 2;
    const image = random(n * channels * size * size);
    const { logits } = await runOnnx(model, { image: { data: image, dims: [n, channels, size, size] } });
    expect(logits!.dims).toEqual([n, classes]);
    const expected = handComputed(image, n);
    logits!.data.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-5));
    // Guard against a degenerate network whose output ignores its input.
    expect(new Set(Array.from(expected, (v) => v.toFixed(4))).size).toBe(n * classes);
  });
});
