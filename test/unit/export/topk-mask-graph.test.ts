import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/export/onnx/graph-builder.ts';
import { emitTopKMask } from '../../../src/export/topk-mask-graph.ts';
import { topKMask, type MaskStrategy } from '../../../src/runtime-common/topk-mask.ts';
import { Rng } from '../../../src/util/rng.ts';
import { runOnnx } from '../../helpers/onnx-runtime.ts';

const positions = 8;

function maskGraph(k: number, strategy: MaskStrategy): Uint8Array {
  const graph = new GraphBuilder({ name: 'mask', foldBatchNorm: true });
  const attention = graph.addInput('attention', 'float32', ['N', positions]);
  graph.addOutput(emitTopKMask(graph.scope('mask'), attention, { k, strategy }), 'mask', 'float32', ['N', positions]);
  return graph.serialize();
}

/** Rows built to make ties decide: all equal, ties straddling the k-th place, ties inside the top k, distinct. */
const rows = [
  [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
  [0.1, 0.3, 0.3, 0.2, 0.3, 0.3, 0.1, 0.1],
  [0.9, 0.2, 0.9, 0.2, 0.2, 0.9, 0.2, 0.2],
  [0.25, 0.125, 0.0625, 0.5, 0.03125, 0.75, 0.375, 0.0078125],
];
const attention = Float32Array.from(rows.flat());
const n = rows.length;

describe('the fused mask (TopK + ScatterElements)', () => {
  describe.each(['high', 'low'] as const)('strategy %s', (strategy) => {
    it.each([1, 2, 3, 5])('zeroes the same k = %i positions as the host mask, ties going to the lower index', async (k) => {
      const out = await runOnnx(maskGraph(k, strategy), { attention: { data: attention, dims: [n, positions] } });
      expect(out.mask!.dims).toEqual([n, positions]);
      expect(Array.from(out.mask!.data)).toEqual(Array.from(topKMask(attention, n, positions, k, strategy)));
    });
  });

  it('takes the first k of an all-equal row for high and for low', async () => {
    const [high, low] = await Promise.all(['high', 'low'].map((strategy) =>
      runOnnx(maskGraph(3, strategy as MaskStrategy), { attention: { data: attention.slice(0, positions), dims: [1, positions] } })));
    expect(Array.from(high!.mask!.data)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(low!.mask!.data)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('agrees with the host mask on random rows with values drawn from a few levels', async () => {
    const rng = new Rng([3, 'mask rows']);
    const batch = 64;
    const values = Float32Array.from({ length: batch * positions }, () => rng.int(4) / 4);
    for (const strategy of ['high', 'low'] as const) {
      const out = await runOnnx(maskGraph(2, strategy), { attention: { data: values, dims: [batch, positions] } });
      expect(Array.from(out.mask!.data)).toEqual(Array.from(topKMask(values, batch, positions, 2, strategy)));
    }
  });

  it('keeps every position for strategy none', async () => {
    const out = await runOnnx(maskGraph(2, 'none'), { attention: { data: attention, dims: [n, positions] } });
    expect(Array.from(out.mask!.data)).toEqual(new Array(n * positions).fill(1));
  });

  it('refuses the random strategy, naming --fused', () => {
    expect(() => maskGraph(2, 'random')).toThrow(RangeError);
    expect(() => maskGraph(2, 'random')).toThrow(/"random" cannot be fused into detector.onnx \(--fused\)/);
  });
});
