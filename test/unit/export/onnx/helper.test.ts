import { describe, expect, it } from 'vitest';
import { makeAttribute, makeNode, makeTensor, makeValueInfo } from '../../../../src/export/onnx/helper.ts';
import { onnx } from '../../../../src/export/onnx/proto.ts';
import { float, floats } from '../../../../src/training/modules/emit.ts';

const { AttributeType } = onnx.AttributeProto;

describe('makeAttribute', () => {
  it('maps number, number[], string, {float} and {floats} to INT, INTS, STRING, FLOAT and FLOATS', () => {
    expect(makeAttribute('axis', -1, 'n')).toEqual({ name: 'axis', type: AttributeType.INT, i: -1 });
    expect(makeAttribute('pads', [0, 1, 0, 1], 'n')).toEqual({ name: 'pads', type: AttributeType.INTS, ints: [0, 1, 0, 1] });
    expect(makeAttribute('mode', 'constant', 'n')).toEqual({ name: 'mode', type: AttributeType.STRING, s: new TextEncoder().encode('constant') });
    expect(makeAttribute('epsilon', float(1e-5), 'n')).toEqual({ name: 'epsilon', type: AttributeType.FLOAT, f: 1e-5 });
    expect(makeAttribute('scales', floats([1, 2]), 'n')).toEqual({ name: 'scales', type: AttributeType.FLOATS, floats: [1, 2] });
  });

  it('rejects fractional INT values and untyped values, naming node and attribute', () => {
    expect(() => makeAttribute('axis', 1.5, 'node "a" (Softmax)')).toThrow(
      new RangeError('node "a" (Softmax): attribute "axis": INT attributes need a safe integer, got 1.5 (tag floats with float(...))'),
    );
    expect(() => makeAttribute('pads', [0, 0.5], 'node "p" (Pad)')).toThrow(/attribute "pads"\[1\]: INT attributes need a safe integer, got 0.5/);
    expect(() => makeAttribute('x', { value: 1 } as never, 'node "b"')).toThrow(TypeError);
  });
});

describe('makeNode', () => {
  it('sorts attributes by code point and leaves the default domain unset', () => {
    const node = makeNode('Conv', ['x', 'w'], ['y'], 'conv', { strides: [1, 1], group: 1, Zeta: 0, dilations: [1, 1] });
    expect(node.attribute!.map((a) => a.name)).toEqual(['Zeta', 'dilations', 'group', 'strides']);
    expect('domain' in node).toBe(false);
    expect(makeNode('X', [], ['y'], 'custom', {}, 'com.example').domain).toBe('com.example');
  });
});

describe('makeValueInfo', () => {
  it('writes static sizes and dimension names', () => {
    expect(makeValueInfo('image', 'float32', ['N', 3, 64, 64])).toEqual({
      name: 'image',
      type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: 3 }, { dimValue: 64 }, { dimValue: 64 }] } } },
    });
    expect(makeValueInfo('k', 'int64', []).type!.tensorType).toEqual({ elemType: 7, shape: { dim: [] } });
    expect(() => makeValueInfo('x', 'float32', [2.5])).toThrow(RangeError);
    expect(() => makeValueInfo('x', 'float32', [''])).toThrow(RangeError);
  });
});

describe('makeTensor', () => {
  it('stores float32, int64 and bool as little-endian raw_data', () => {
    const floatTensor = makeTensor('w', 'float32', [2], [1, -2]);
    expect([floatTensor.dataType, floatTensor.dims, Array.from(floatTensor.rawData!)]).toEqual([1, [2], [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]]);
    const intTensor = makeTensor('shape', 'int64', [2], [-1, 256]);
    expect([intTensor.dataType, Array.from(intTensor.rawData!)]).toEqual([7, [255, 255, 255, 255, 255, 255, 255, 255, 0, 1, 0, 0, 0, 0, 0, 0]]);
    const boolTensor = makeTensor('m', 'bool', [3], [1, 0, 1]);
    expect([boolTensor.dataType, Array.from(boolTensor.rawData!)]).toEqual([9, [1, 0, 1]]);
  });
});
