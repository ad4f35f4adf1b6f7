import { describe, expect, it } from 'vitest';
import { configPbtxt } from '../../../../src/export/triton/config-pbtxt.ts';
import { tritonConfig } from '../../../../src/export/triton/triton-config.ts';
import { readPbtxt } from './pbtxt-reader.ts';

const options = { maxBatchSize: 4, maxQueueDelayMicroseconds: 100 };
const image = { name: 'image', type: 'float32' as const, shape: ['N', 3, 8, 8] };

describe('tritonConfig', () => {
  it('drops the symbolic batch, keeps fixed dims, and writes a per-image scalar as [1] reshaped to []', () => {
    const config = tritonConfig('m', { inputs: [image], outputs: [{ name: 'prob', type: 'float32', shape: ['N'] }, { name: 'ids', type: 'int64', shape: ['N', 5] }] }, options);
    expect(readPbtxt(configPbtxt(config))).toEqual({
      name: 'm',
      platform: 'onnxruntime_onnx',
      max_batch_size: 4,
      input: [{ name: 'image', data_type: 'TYPE_FP32', dims: [3, 8, 8] }],
      output: [
        { name: 'prob', data_type: 'TYPE_FP32', dims: [1], reshape: { shape: [] } },
        { name: 'ids', data_type: 'TYPE_INT64', dims: [5] },
      ],
      dynamic_batching: { max_queue_delay_microseconds: 100 },
    });
  });

  it('refuses a fixed batch and a symbolic dimension after the batch, naming the tensor', () => {
    expect(() => tritonConfig('m', { inputs: [{ ...image, shape: [2, 3, 8, 8] }], outputs: [] }, options)).toThrow(/input "image" has a fixed batch of 2; .*--batch dynamic/);
    expect(() => tritonConfig('m', { inputs: [image], outputs: [{ name: 'prob', type: 'float32', shape: ['N', 'K'] }] }, options)).toThrow(/output "prob" has a symbolic dimension "K"/);
  });
});

describe('the strict config.pbtxt reader the tests use', () => {
  it('reads both list forms and repeated fields given twice', () => {
    expect(readPbtxt('input { name: "a" dims: [1, 2] } input: { name: "b" dims: 3 dims: 4 }')).toEqual({ input: [{ name: 'a', dims: [1, 2] }, { name: 'b', dims: [3, 4] }] });
  });

  it.each([
    ['an unknown field', 'name: "m" instance_count: 2', /ModelConfig has no field "instance_count"/],
    ['a singular field twice', 'name: "a" name: "b"', /ModelConfig\.name is given twice/],
    ['an enum value Triton lacks', 'input { data_type: TYPE_FLOAT }', /data_type must be one of .*found TYPE_FLOAT/],
    ['a string where a number goes', 'max_batch_size: "8"', /max_batch_size must be an integer/],
    ['an unclosed message', 'input { name: "a"', /ends where/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => readPbtxt(text)).toThrow(message);
  });
});
