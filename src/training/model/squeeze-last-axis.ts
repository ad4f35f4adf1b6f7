import type { ShapedSink } from '../modules/shaped-sink.ts';

/** [N, 1] -> [N]: the heads' Linear(., 1) outputs become the per-image logits the graphs expose. */
export function squeezeLastAxis(sink: ShapedSink, value: string, name: string): string {
  const [squeezed] = sink.node('Squeeze', [value, sink.int64Initializer(`${name}_axes`, [1], [1])]);
  const dims = sink.knownDims(value);
  if (dims !== undefined) sink.setDims(squeezed!, [dims[0]!]);
  return squeezed!;
}
