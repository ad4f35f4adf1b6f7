import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from '../../../../src/training/checkpoint/safetensors.ts';

const file = 'weights.safetensors';

function tensors(entries: Record<string, [number[], number[]]>): Map<string, StoredTensor> {
  return new Map(Object.entries(entries).map(([name, [shape, values]]) => [name, { shape, data: Float32Array.from(values) }]));
}

describe('encodeSafetensors', () => {
  it('writes the byte layout the reference implementation writes', () => {
    // The reference Python test serialises {"test": zeros (2, 2)} to a 0x40-byte header padded with spaces.
    const bytes = encodeSafetensors(tensors({ test: [[2, 2], [0, 0, 0, 0]] }));
    const header = '{"test":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}';
    expect(bytes.length).toBe(8 + 64 + 16);
    expect([...bytes.subarray(0, 8)]).toEqual([0x40, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(bytes.subarray(8, 72))).toBe(header + ' '.repeat(64 - header.length));
    expect([...bytes.subarray(72)]).toEqual(new Array(16).fill(0));
  });

  it('sorts tensors by name and stores float32 little-endian', () => {
    const bytes = encodeSafetensors(tensors({ b: [[1], [1.5]], a: [[2], [-2, 0.25]] }));
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(Object.keys(header)).toEqual(['a', 'b']);
    expect(header.a.data_offsets).toEqual([0, 8]);
    expect(header.b.data_offsets).toEqual([8, 12]);
    const data = new DataView(bytes.buffer, 8 + headerLength);
    expect([data.getFloat32(0, true), data.getFloat32(4, true), data.getFloat32(8, true)]).toEqual([-2, 0.25, 1.5]);
  });

  it('gives identical bytes for identical state whatever the insertion order', () => {
    const one = encodeSafetensors(tensors({ x: [[1], [1]], y: [[1], [2]] }), { note: 'n' });
    const two = encodeSafetensors(tensors({ y: [[1], [2]], x: [[1], [1]] }), { note: 'n' });
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
  });

  it('rejects data that does not fill the shape', () => {
    expect(() => encodeSafetensors(tensors({ w: [[2, 3], [1, 2]] }))).toThrow(/tensor w: shape \[2,3\] holds 6 values, data has 2/);
  });
});

describe('decodeSafetensors', () => {
  const state = tensors({ 'model.w': [[2, 3], [1, 2, 3, 4, 5, 6]], 'optimizer.v': [[3], [0.5, -1e-8, 3e38]], empty: [[0, 4], []] });
  const bytes = encodeSafetensors(state, { run: '{"step":3}' });

  it('round-trips names, shapes, exact values and metadata', () => {
    const decoded = decodeSafetensors(bytes, file);
    expect(decoded.metadata).toEqual({ run: '{"step":3}' });
    expect([...decoded.tensors.keys()].sort()).toEqual(['empty', 'model.w', 'optimizer.v']);
    for (const [name, tensor] of state) {
      expect(decoded.tensors.get(name)!.shape).toEqual(tensor.shape);
      expect([...decoded.tensors.get(name)!.data]).toEqual([...tensor.data]);
    }
  });

  it('reads a view that does not start at offset 0 of its buffer', () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect([...decodeSafetensors(shifted.subarray(3), file).tensors.get('model.w')!.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports a file shorter than the length prefix as truncated', () => {
    expect(() => decodeSafetensors(bytes.subarray(0, 5), file)).toThrow(RangeError);
    expect(() => decodeSafetensors(bytes.subarray(0, 5), file)).toThrow(/weights\.safetensors is truncated: 5 bytes/);
  });

  it('reports a cut header as truncated', () => {
    expect(() => decodeSafetensors(bytes.subarray(0, 20), file)).toThrow(/weights\.safetensors is truncated: its header needs \d+ bytes after the length, the file has 12/);
  });

  it('names the tensor whose data was cut off', () => {
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), file)).toThrow(/truncated: tensor optimizer\.v needs data bytes 24\.\.36, the file holds 32/);
  });

  it('rejects a file that is not safetensors at all', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decodeSafetensors(png, file)).toThrow(TypeError);
    expect(() => decodeSafetensors(png, file)).toThrow(/weights\.safetensors is not a safetensors file: its first 8 bytes give a header of/);
    const text = new TextEncoder().encode('\x10\0\0\0\0\0\0\0not json at all!');
    expect(() => decodeSafetensors(text, file)).toThrow(/not a safetensors file: its header is not UTF-8 JSON/);
  });

  it('rejects a dtype other than F32, naming the tensor', () => {
    const header = '{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}';
    const forged = withHeader(header, 4);
    expect(() => decodeSafetensors(forged, file)).toThrow(/tensor w has dtype "F16", expected "F32"/);
  });

  it("converts other tools' F16, BF16 and F64 tensors to float32 when asked, and lists integer ones without decoding them", () => {
    const header = JSON.stringify({
      half: { dtype: 'F16', shape: [4], data_offsets: [0, 8] },
      brain: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
      double: { dtype: 'F64', shape: [1], data_offsets: [12, 20] },
      'bn.num_batches_tracked': { dtype: 'I64', shape: [], data_offsets: [20, 28] },
    });
    const bytes = withHeader(header, 28);
    const data = new DataView(bytes.buffer, 8 + header.length);
    [0x3c00, 0xc000, 0x0001, 0x7c00].forEach((half, i) => data.setUint16(2 * i, half, true)); // 1, -2, 2^-24, Infinity
    data.setUint16(8, 0x3fc0, true); // bfloat16 1.5
    data.setUint16(10, 0xbf80, true); // bfloat16 -1
    data.setFloat64(12, 0.1, true);
    data.setBigInt64(20, 7n, true);
    const decoded = decodeSafetensors(bytes, file, { dtypes: 'convert' });
    expect([...decoded.tensors.get('half')!.data]).toEqual([1, -2, 2 ** -24, Infinity]);
    expect([...decoded.tensors.get('brain')!.data]).toEqual([1.5, -1]);
    expect([...decoded.tensors.get('double')!.data]).toEqual([Math.fround(0.1)]);
    expect(decoded.skipped).toEqual([{ name: 'bn.num_batches_tracked', dtype: 'I64', shape: [] }]);
    expect(() => decodeSafetensors(bytes, file)).toThrow(/tensor (half|brain|double|bn\.num_batches_tracked) has dtype "\w+", expected "F32"/);
    expect(() => decodeSafetensors(withHeader('{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,1]}}', 1), file, { dtypes: 'convert' }))
      .toThrow(/tensor w has dtype "Q4", expected one of F64, F32, F16, BF16/);
  });

  it('rejects offsets that disagree with the shape, and gaps between tensors', () => {
    expect(() => decodeSafetensors(withHeader('{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}', 8), file))
      .toThrow(/tensor w of shape \[3\] needs 12 bytes, data_offsets span 8/);
    expect(() => decodeSafetensors(withHeader('{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), file))
      .toThrow(/tensor w starts at data byte 4, expected 0/);
    expect(() => decodeSafetensors(withHeader('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 8), file))
      .toThrow(/the tensors cover 4 data bytes but the file holds 8 after the header/);
  });
});

function withHeader(json: string, dataBytes: number): Uint8Array {
  const header = new TextEncoder().encode(json);
  const bytes = new Uint8Array(8 + header.length + dataBytes);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(header, 8);
  return bytes;
}
