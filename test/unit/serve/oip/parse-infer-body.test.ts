import { describe, expect, it } from 'vitest';
import { parseInferBody } from '../../../../src/serve/oip/parse-infer-body.ts';
import { planOutputs } from '../../../../src/serve/oip/infer-response.ts';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseInferBody', () => {
  it('a JSON body: inputs with their data', () => {
    const request = { id: '1', inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: ['AA=='] }] };
    expect(parseInferBody(encode(request), undefined)).toEqual(request);
  });

  it('the binary extension: each input declaring binary_data_size takes its bytes after the JSON, in order', () => {
    const json = encode({ inputs: [
      { name: 'a', shape: [2], datatype: 'UINT8', parameters: { binary_data_size: 2 } },
      { name: 'b', shape: [1], datatype: 'BYTES', data: ['AA=='] },
      { name: 'c', shape: [3], datatype: 'UINT8', parameters: { binary_data_size: 3 } },
    ] });
    const parsed = parseInferBody(Buffer.concat([json, Buffer.from([1, 2, 3, 4, 5])]), String(json.length));
    expect(Array.from(parsed.inputs[0]!.binary!)).toEqual([1, 2]);
    expect(parsed.inputs[1]!.binary).toBeUndefined();
    expect(Array.from(parsed.inputs[2]!.binary!)).toEqual([3, 4, 5]);
  });

  it.each([
    ['both data and binary_data_size', { inputs: [{ name: 'image', shape: [1], datatype: 'BYTES', data: [], parameters: { binary_data_size: 0 } }] }, /has both "data" and parameters\.binary_data_size/],
    ['neither', { inputs: [{ name: 'image', shape: [1], datatype: 'BYTES' }] }, /has neither "data" nor parameters\.binary_data_size/],
    ['a shape that is not a list of sizes', { inputs: [{ name: 'image', shape: [-1], datatype: 'BYTES', data: [] }] }, /request\/inputs\/0\/shape\/0 must be >= 0/],
    ['no inputs at all', { outputs: [] }, /request must have required property 'inputs'/],
  ])('refuses %s with a 400 that says where', (_what, request, message) => {
    const thrown = (() => {
      try {
        parseInferBody(encode(request), undefined);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ statusCode: 400, message: expect.stringMatching(message) });
  });
});

describe('planOutputs', () => {
  const request = (extra: object) => ({ inputs: [], ...extra });

  it('prob alone by default, binary when binary_data_output asks, per-output binary_data overriding it', () => {
    expect(planOutputs(request({}), false)).toEqual([{ name: 'prob', binary: false }]);
    expect(planOutputs(request({ parameters: { binary_data_output: true } }), false)).toEqual([{ name: 'prob', binary: true }]);
    const outputs = [{ name: 'mask', parameters: { binary_data: false } }, { name: 'prob' }];
    expect(planOutputs(request({ parameters: { binary_data_output: true }, outputs }), true)).toEqual([{ name: 'mask', binary: false }, { name: 'prob', binary: true }]);
  });

  it('attention and mask only on a server started with --attention', () => {
    expect(() => planOutputs(request({ outputs: [{ name: 'attention' }] }), false)).toThrow(/start it with --attention/);
  });
});
