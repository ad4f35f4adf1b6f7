import type { MaskStrategy } from '../runtime-common/topk-mask.ts';
import type { GraphSink } from '../training/modules/emit.ts';

export interface MaskGraphOptions {
  /** Positions the mask zeroes. */
  readonly k: number;
  readonly strategy: MaskStrategy;
}

/**
 * Emits the deployed mask from attention [N, P]: 0 at the k positions TopK selects, 1 elsewhere, as float32
 * [N, P]. TopK breaks ties toward the lower index (the ONNX spec's documented order, which
 * runtime-common's `topKMask` follows), `high` takes the largest values and `low` the smallest
 * (largest = 0). A `random` mask is drawn on the host from a seeded generator that no ONNX operator
 * reproduces, so it has no graph form.
 */
export function emitTopKMask(sink: GraphSink, attention: string, options: MaskGraphOptions): string {
  const { k, strategy } = options;
  assertFusable(strategy);
  const [shape] = sink.node('Shape', [attention]);
  const [ones] = sink.node('Expand', [sink.initializer('one', Float32Array.of(1), [1, 1]), shape!]);
  if (strategy === 'none' || k === 0) return ones!;
  const [, indices] = sink.node(
    'TopK',
    [attention, sink.int64Initializer('k', [k], [1])],
    { axis: 1, largest: strategy === 'high' ? 1 : 0, sorted: 1 },
    2,
  );
  const [indicesShape] = sink.node('Shape', [indices!]);
  const [zeros] = sink.node('Expand', [sink.initializer('zero', Float32Array.of(0), [1, 1]), indicesShape!]);
  const [mask] = sink.node('ScatterElements', [ones!, indices!, zeros!], { axis: 1 });
  return mask!;
}

/** Throws when a mask strategy has no graph form (see `emitTopKMask`). */
export function assertFusable(strategy: MaskStrategy): void {
  if (strategy === 'random') {
    throw new RangeError(
      'mask strategy "random" cannot be fused into detector.onnx (--fused): its positions come from a seeded ' +
        'host-side generator that no ONNX operator reproduces; export without --fused and run teacher.onnx + student.onnx',
    );
  }
}
