import type { TritonModelConfig, TritonTensor } from './triton-config.ts';

/**
 * config.pbtxt in protobuf text format, written here because no npm package writes text format (protobufjs
 * reads and writes the binary and JSON forms only) and the fields used are few. The layout is fixed (fields in
 * model_config.proto's order, two-space indent), so the same graph always gives the same bytes.
 */
export function configPbtxt(config: TritonModelConfig): string {
  const lines = [
    `name: ${quoted(config.name)}`,
    `platform: ${quoted(config.platform)}`,
    `max_batch_size: ${config.maxBatchSize}`,
    ...tensorList('input', config.inputs),
    ...tensorList('output', config.outputs),
    'dynamic_batching {',
    `  max_queue_delay_microseconds: ${config.dynamicBatching.maxQueueDelayMicroseconds}`,
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

function tensorList(field: string, tensors: readonly TritonTensor[]): string[] {
  const blocks = tensors.map((tensor, i) => {
    const body = [`    name: ${quoted(tensor.name)}`, `    data_type: ${tensor.dataType}`, `    dims: ${list(tensor.dims)}`];
    if (tensor.reshape) body.push(`    reshape: { shape: ${list(tensor.reshape)} }`);
    return ['  {', ...body, `  }${i < tensors.length - 1 ? ',' : ''}`];
  });
  return [`${field} [`, ...blocks.flat(), ']'];
}

function list(values: readonly number[]): string {
  return values.length === 0 ? '[ ]' : `[ ${values.join(', ')} ]`;
}

/** A text-format string: JSON's escaping is a subset of what text format reads, for the names used here. */
function quoted(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`"${text}" has characters outside printable ASCII; Triton names in config.pbtxt are kept to ASCII`);
  return JSON.stringify(text);
}
