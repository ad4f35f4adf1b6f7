import type { AttributeValue, Attributes } from '../../training/modules/emit.ts';
import { onnx, type AttributeProto } from './proto.ts';

const { AttributeType } = onnx.AttributeProto;
const utf8 = new TextEncoder();

/**
 * One attribute, typed as in `emit.ts`: number -> INT, number[] -> INTS, string -> STRING, {float} -> FLOAT,
 * {floats} -> FLOATS. Plain numbers are integers by contract, so a fractional one is a caller's mistake that
 * would otherwise be truncated silently by the protobuf encoder.
 */
export function makeAttribute(name: string, value: AttributeValue, where: string): AttributeProto {
  const label = `${where}: attribute "${name}"`;
  if (name === '') throw new RangeError(`${where}: attribute names must be non-empty`);
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: checkedInteger(value, label) };
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  if (isNumberArray(value)) {
    return { name, type: AttributeType.INTS, ints: value.map((item, index) => checkedInteger(item, `${label}[${index}]`)) };
  }
  if (typeof value === 'object' && value !== null && 'float' in value && typeof value.float === 'number') {
    return { name, type: AttributeType.FLOAT, f: value.float };
  }
  if (typeof value === 'object' && value !== null && 'floats' in value && isNumberArray(value.floats)) {
    return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  }
  throw new TypeError(`${label}: expected an integer, integer[], string, {float} or {floats}, got ${JSON.stringify(value)}`);
}

/** All attributes of a node, sorted by name so the bytes never depend on the order an emitter wrote them. */
export function makeAttributes(attributes: Attributes, where: string): AttributeProto[] {
  return Object.keys(attributes)
    .sort(byCodePoint)
    .map((name) => makeAttribute(name, attributes[name]!, where));
}

/** Locale-independent string order, so names sort the same on every machine. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkedInteger(value: number, label: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label}: INT attributes need a safe integer, got ${value} (tag floats with float(...))`);
  }
  return value;
}

function isNumberArray(value: unknown): value is readonly number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}
