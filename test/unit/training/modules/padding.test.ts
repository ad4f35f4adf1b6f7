import { describe, expect, it } from 'vitest';
import { axisOutputSize, axisPads, onnxPads, padsDependOnSize, validateWindow, type Window } from '../../../../src/training/modules/padding.ts';

const window = (kernel: number, stride: number, padding: Window['padding'], dilation = 1): Window => ({ kernel, stride, dilation, padding });

describe('window arithmetic', () => {
  it("puts the odd pixel of 'same' padding after, as TensorFlow does", () => {
    expect(axisPads(8, window(3, 2, 'same'))).toEqual([0, 1]);
    expect(axisPads(9, window(3, 2, 'same'))).toEqual([1, 1]);
    expect(axisPads(8, window(3, 1, 'same'))).toEqual([1, 1]);
    expect(axisPads(8, window(2, 1, 'same'))).toEqual([0, 1]);
    expect(axisPads(8, window(3, 1, 'same', 2))).toEqual([2, 2]);
    expect(axisPads(10, window(3, 3, 'same'))).toEqual([1, 1]);
    expect(axisPads(9, window(1, 2, 'same'))).toEqual([0, 0]);
  });

  it("gives ceil(size / stride) for 'same', the valid windows for 'valid', floor((n + 2p - k) / s) + 1 for pads", () => {
    expect(axisOutputSize(224, window(3, 2, 'valid'), 'test')).toBe(111);
    expect(axisOutputSize(111, window(3, 1, 'valid'), 'test')).toBe(109);
    expect(axisOutputSize(109, window(3, 2, 'same'), 'test')).toBe(55);
    expect(axisOutputSize(224, window(7, 2, 3), 'test')).toBe(112);
    expect(axisOutputSize(112, window(3, 2, 1), 'test')).toBe(56);
    expect(axisOutputSize(15, window(3, 1, 'same', 4), 'test')).toBe(15);
  });

  it('orders ONNX pads [top, left, bottom, right]', () => {
    expect(onnxPads({ height: 8, width: 9 }, window(3, 2, 'same'))).toEqual([0, 1, 1, 1]);
  });

  it("needs the input size only for strided 'same' windows", () => {
    expect(padsDependOnSize(window(3, 2, 'same'))).toBe(true);
    expect(padsDependOnSize(window(3, 1, 'same', 2))).toBe(false);
    expect(padsDependOnSize(window(3, 2, 1))).toBe(false);
  });

  it('names the layer and the sizes when the input is smaller than the window', () => {
    expect(() => axisOutputSize(2, window(3, 1, 'valid'), 'Conv2d "stem"')).toThrow(/Conv2d "stem": input size 2 is smaller than its 3x3 window/);
  });

  it('rejects bad windows with the field and the value', () => {
    expect(() => validateWindow(window(3, 0, 'same'), 'MaxPool')).toThrow(/MaxPool: stride must be an integer >= 1, got 0/);
    expect(() => validateWindow(window(3, 1, -1), 'Conv2d')).toThrow(/padding must be 'same', 'valid' or an integer >= 0, got -1/);
    expect(() => validateWindow(window(3, 1, 'full' as never), 'Conv2d')).toThrow(/got "full"/);
  });
});
