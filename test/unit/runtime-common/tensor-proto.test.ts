import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import onnxProto from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeTensorProto,
  encodeTensorProto,
  type NamedTensor,
} from '../../../src/runtime-common/tensor-proto.ts';
import { readTensorWithReferenceOnnx, referenceOnnx, writeTensorWithReferenceOnnx } from '../../helpers/onnx-checker.ts';

const { TensorProto } = onnxProto.onnx;
const source = 'test_data_set_0/input_0.pb';
const roundTrip = (tensor: NamedTensor) => decodeTensorProto(encodeTensorProto(tensor), source);
const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('TensorProto round trip', () => {
  it('keeps float32 values bit for bit, with name and dims', () => {
    const data = new Float32Array([1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-45, -3.4028234663852886e38]);
    const decoded = roundTrip({ name: 'image', type: 'float32', data, dims: [1, 2, 3] });
    expect([decoded.name, decoded.type, decoded.dims]).toEqual(['image', 'float32', [1, 2, 3]]);
    expect(decoded.data).toBeInstanceOf(Float32Array);
    expect(bits(decoded.data as Float32Array)).toEqual(bits(data));
  });

  it('keeps int64 values exactly, beyond 2^53 and negative', () => {
    const data = new BigInt64Array([0n, -1n, 9007199254740993n, -9223372036854775808n, 9223372036854775807n]);
    const decoded = roundTrip({ name: 'indices', type: 'int64', data, dims: [5] });
    expect(decoded).toEqual({ name: 'indices', type: 'int64', data, dims: [5] });
  });

  it('keeps bool tensors, scalars and empty tensors', () => {
    const mask = { name: 'mask', type: 'bool', data: new Uint8Array([1, 0, 0, 1]), dims: [2, 2] } as const;
    expect(roundTrip(mask)).toEqual(mask);
    const scalar = { name: 'k', type: 'int64', data: new BigInt64Array([16n]), dims: [] } as const;
    expect(roundTrip(scalar)).toEqual(scalar);
    const empty = { name: '', type: 'float32', data: new Float32Array(0), dims: [0, 3] } as const;
    expect(roundTrip(empty)).toEqual(empty);
  });

  it('decodes from a Node Buffer that is a view into a larger pool', () => {
    const bytes = encodeTensorProto({ name: 'v', type: 'float32', data: new Float32Array([3, 4]), dims: [2] });
    const view = Buffer.concat([Buffer.alloc(3, 0xff), bytes]).subarray(3);
    expect(decodeTensorProto(view, source)).toEqual({ name: 'v', type: 'float32', data: new Float32Array([3, 4]), dims: [2] });
  });

  it('writes raw_data little-endian', () => {
    const float = TensorProto.decode(encodeTensorProto({ name: 'f', type: 'float32', data: new Float32Array([1, -2]), dims: [2] }));
    expect(Array.from(float.rawData)).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]);
    expect(float.dataType).toBe(TensorProto.DataType.FLOAT);
    const int = TensorProto.decode(encodeTensorProto({ name: 'i', type: 'int64', data: new BigInt64Array([258n]), dims: [1] }));
    expect(Array.from(int.rawData)).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('decodeTensorProto', () => {
  const encode = (fields: onnxProto.onnx.ITensorProto) => TensorProto.encode(fields).finish();

  it('reads the typed forms: float_data, int64_data and int32_data for bools', () => {
    const float = decodeTensorProto(encode({ name: 'a', dims: [3], dataType: 1, floatData: [0.25, -1, 3] }), source);
    expect(float).toEqual({ name: 'a', type: 'float32', dims: [3], data: new Float32Array([0.25, -1, 3]) });
    const int = decodeTensorProto(encode({ name: 'b', dims: [2], dataType: 7, int64Data: ['-9007199254740993', 7] }), source);
    expect(int).toEqual({ name: 'b', type: 'int64', dims: [2], data: new BigInt64Array([-9007199254740993n, 7n]) });
    const bool = decodeTensorProto(encode({ name: 'c', dims: [3], dataType: 9, int32Data: [1, 0, 1] }), source);
    expect(bool).toEqual({ name: 'c', type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) });
  });

  it('names the source and the problem for bad input', () => {
    expect(() => decodeTensorProto(new Uint8Array([0xff, 0xff, 0xff]), source)).toThrow(TypeError);
    expect(() => decodeTensorProto(new Uint8Array([0xff, 0xff, 0xff]), source)).toThrow(/^test_data_set_0\/input_0.pb: not a TensorProto/);
    expect(() => decodeTensorProto(encode({ name: 'd', dims: [1], dataType: 11, doubleData: [1] }), source)).toThrow(
      new TypeError(`${source}: tensor "d": expected data type FLOAT, INT64 or BOOL, got DOUBLE`),
    );
    expect(() => decodeTensorProto(encode({ name: 'e', dims: [2, 2], dataType: 1, rawData: new Uint8Array(12) }), source)).toThrow(
      new RangeError(`${source}: tensor "e": dims [2, 2] need 16 bytes of float32 raw_data, got 12`),
    );
    expect(() => decodeTensorProto(encode({ name: 'f', dims: [2], dataType: 7, int64Data: [1] }), source)).toThrow(
      new RangeError(`${source}: tensor "f": dims [2] need 2 values of int64, got 1`),
    );
    expect(() => decodeTensorProto(encode({ name: 'g', dims: [1], dataType: 1, rawData: new Uint8Array(4), floatData: [1] }), source)).toThrow(
      new RangeError(`${source}: tensor "g": holds both raw_data and a typed data field, expected one`),
    );
    expect(() => decodeTensorProto(encode({ name: 'h', dims: [1], dataType: 1, dataLocation: 1 }), source)).toThrow(
      new TypeError(`${source}: tensor "h": external data is not supported, expected the data inside the TensorProto`),
    );
  });

  it('rejects tensors that do not describe themselves on encode', () => {
    expect(() => encodeTensorProto({ name: 'x', type: 'float32', data: new Float32Array(5), dims: [2, 2] })).toThrow(
      new RangeError('tensor "x": dims [2, 2] need 4 values, got 5'),
    );
    expect(() => encodeTensorProto({ name: 'x', type: 'float32', data: new Float64Array(4) as never, dims: [4] })).toThrow(
      new TypeError('tensor "x": type float32 needs a Float32Array, got Float64Array'),
    );
    expect(() => encodeTensorProto({ name: 'x', type: 'float32', data: new Float32Array(0), dims: [-1] })).toThrow(
      new RangeError('tensor "x": dims[0] must be a non-negative integer, got -1'),
    );
    expect(() => encodeTensorProto({ name: 'm', type: 'bool', data: new Uint8Array([0, 2]), dims: [2] })).toThrow(
      new RangeError('tensor "m": bool values must be 0 or 1, got 2 at index 1'),
    );
  });
});

describe('in a browser bundle (no Node built-ins, no `long` package)', () => {
  it('bundles for the browser and decodes 64-bit fields that protobufjs reads as plain numbers', async () => {
    const bundle = await build({
      entryPoints: [new URL('../../../src/runtime-common/tensor-proto.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'tensorProto',
      write: false,
      logLevel: 'silent',
    });
    const typed = TensorProto.encode({ name: 'k', dims: [2, 1], dataType: 7, int64Data: [-5, 4096] }).finish();
    // Typed arrays are made inside the bundle's realm: `instanceof` checks do not cross realms.
    const context: Record<string, unknown> = { typed: Array.from(typed) };
    const script = `
      const decoded = tensorProto.decodeTensorProto(new Uint8Array(typed), 'k.pb');
      globalThis.dims = decoded.dims;
      globalThis.values = Array.from(decoded.data);
      const half = { name: 'p', type: 'float32', data: new Float32Array([0.5]), dims: [1] };
      globalThis.encoded = Array.from(tensorProto.encodeTensorProto(half));`;
    runInNewContext(`${bundle.outputFiles[0]!.text}\n${script}`, context);
    expect([context.dims, context.values]).toEqual([[2, 1], [-5n, 4096n]]);
    const half = encodeTensorProto({ name: 'p', type: 'float32', data: new Float32Array([0.5]), dims: [1] });
    expect(context.encoded).toEqual(Array.from(half));
  });
});

const reference = referenceOnnx();
if (!reference.available) console.warn(`skipping reference TensorProto checks: ${reference.reason}`);

describe.skipIf(!reference.available)('against the reference ONNX package', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ftd-tensor-proto-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('numpy_helper.to_array reads our float32, int64 and bool files', () => {
    const floats = new Float32Array([0.1, -2.5, 1e-38, 3.4e38, 0, 7]);
    const ints = new BigInt64Array([-9223372036854775808n, 9007199254740993n, 0n]);
    const cases: Array<[NamedTensor, { dtype: string; values: Array<number | string | boolean> }]> = [
      [{ name: 'image', type: 'float32', data: floats, dims: [2, 3] }, { dtype: 'float32', values: Array.from(floats) }],
      [{ name: 'idx', type: 'int64', data: ints, dims: [3, 1] }, { dtype: 'int64', values: Array.from(ints, String) }],
      [{ name: 'mask', type: 'bool', data: new Uint8Array([1, 0]), dims: [2] }, { dtype: 'bool', values: [true, false] }],
    ];
    for (const [tensor, expected] of cases) {
      const path = join(folder, `${tensor.name}.pb`);
      writeFileSync(path, encodeTensorProto(tensor));
      expect(readTensorWithReferenceOnnx(path)).toEqual({ name: tensor.name, shape: tensor.dims, ...expected });
    }
  });

  it('we read files the reference package writes, raw and typed', () => {
    for (const form of ['raw', 'typed'] as const) {
      const path = join(folder, `reference-${form}.pb`);
      writeTensorWithReferenceOnnx(path, { name: 'logit', dtype: 'float32', shape: [2, 2], values: [0.5, -1, 2, 1e-7] }, form);
      expect(decodeTensorProto(readFileSync(path), path)).toEqual({
        name: 'logit', type: 'float32', dims: [2, 2], data: new Float32Array([0.5, -1, 2, 1e-7]),
      });
      writeTensorWithReferenceOnnx(path, { name: 'k', dtype: 'int64', shape: [2], values: ['-9007199254740993', '3'] }, form);
      expect(decodeTensorProto(readFileSync(path), path)).toEqual({
        name: 'k', type: 'int64', dims: [2], data: new BigInt64Array([-9007199254740993n, 3n]),
      });
      writeTensorWithReferenceOnnx(path, { name: 'm', dtype: 'bool', shape: [3], values: [true, false, true] }, form);
      expect(decodeTensorProto(readFileSync(path), path)).toEqual({ name: 'm', type: 'bool', dims: [3], data: new Uint8Array([1, 0, 1]) });
    }
  });
});
