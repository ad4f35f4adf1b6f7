/**
 * The safetensors container (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
 * length, a JSON header mapping each tensor name to {dtype, shape, data_offsets} (plus an optional
 * `__metadata__` of string values), then the raw little-endian tensor bytes. Written here rather than
 * taken from npm because the `safetensors` package there is unmaintained, and the format is small enough
 * to own: PyTorch, JAX and the Rust reader all load these files.
 *
 * Only float32 is written, and checkpoints are read as float32 only: every tensor a checkpoint holds (weights,
 * BatchNorm statistics, momentum) is float32 in tfjs. Weight files from other tools may hold other dtypes
 * (see DecodeOptions).
 */
import { dtypeBytes, isConvertible, readAsFloat32 } from './safetensors-dtypes.ts';

export interface StoredTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The Rust reference reader refuses larger headers; a bigger value means this is not a safetensors file. */
const maxHeaderBytes = 100_000_000;
const metadataKey = '__metadata__';

/**
 * Serialises tensors (sorted by name, so the same state gives the same bytes) with string metadata.
 * The header is padded with spaces to a multiple of 8 bytes so tensor data starts aligned.
 */
export function encodeSafetensors(tensors: ReadonlyMap<string, StoredTensor>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[metadataKey] = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === metadataKey) throw new RangeError(`tensor name "${metadataKey}" is reserved by the safetensors format`);
    const tensor = tensors.get(name)!;
    const expected = elementCount(tensor.shape);
    if (tensor.data.length !== expected) {
      throw new RangeError(`tensor ${name}: shape [${tensor.shape}] holds ${expected} values, data has ${tensor.data.length}`);
    }
    header[name] = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + tensor.data.byteLength] };
    offset += tensor.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + padded + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(padded), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + padded);
  let position = 8 + padded;
  for (const name of names) {
    const data = tensors.get(name)!.data;
    writeFloat32LittleEndian(view, position, data);
    position += data.byteLength;
  }
  return bytes;
}

/** A tensor of a dtype that is not decoded (an integer counter such as BatchNorm's num_batches_tracked). */
export interface SkippedTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

export interface DecodeOptions {
  /**
   * 'float32' (default, checkpoints): any other dtype is an error. 'convert' (weights written by other tools):
   * F64, F16 and BF16 become float32; other dtypes are listed in `skipped`, not decoded.
   */
  readonly dtypes?: 'float32' | 'convert';
}

export interface DecodedSafetensors {
  tensors: Map<string, StoredTensor>;
  metadata: Record<string, string>;
  skipped: SkippedTensor[];
}

/**
 * Parses a safetensors file, checking everything a torn or foreign file could get wrong; `file` names it
 * in errors. A file that is not safetensors at all is a TypeError; a truncated or inconsistent one a
 * RangeError.
 */
export function decodeSafetensors(bytes: Uint8Array, file: string, options: DecodeOptions = {}): DecodedSafetensors {
  if (bytes.length < 8) {
    throw new RangeError(`${file} is truncated: ${bytes.length} bytes, a safetensors file starts with an 8-byte header length`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength < 2n || headerLength > BigInt(maxHeaderBytes)) {
    throw new TypeError(`${file} is not a safetensors file: its first 8 bytes give a header of ${headerLength} bytes (expected 2..${maxHeaderBytes})`);
  }
  const dataStart = 8 + Number(headerLength);
  if (dataStart > bytes.length) {
    throw new RangeError(`${file} is truncated: its header needs ${headerLength} bytes after the length, the file has ${bytes.length - 8}`);
  }
  const header = parseHeader(bytes.subarray(8, dataStart), file);
  const metadata = readMetadata(header[metadataKey], file);
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, StoredTensor>();
  const skipped: SkippedTensor[] = [];
  const spans: Array<[number, number, string]> = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === metadataKey) continue;
    const { dtype, shape, begin, end } = readEntry(name, entry, file, options.dtypes ?? 'float32');
    if (end > dataLength) {
      throw new RangeError(`${file} is truncated: tensor ${name} needs data bytes ${begin}..${end}, the file holds ${dataLength}`);
    }
    spans.push([begin, end, name]);
    const count = elementCount(shape);
    if (dtype === 'F32') tensors.set(name, { shape, data: readFloat32LittleEndian(view, dataStart + begin, count) });
    else if (isConvertible(dtype)) tensors.set(name, { shape, data: readAsFloat32(view, dataStart + begin, count, dtype) });
    else skipped.push({ name, dtype, shape });
  }
  checkSpansTile(spans, dataLength, file);
  return { tensors, metadata, skipped };
}

function parseHeader(json: Uint8Array, file: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw new TypeError(`${file} is not a safetensors file: its header is not UTF-8 JSON`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new TypeError(`${file} is not a safetensors file: its header is not a JSON object`);
  }
  return header as Record<string, unknown>;
}

function readMetadata(value: unknown, file: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${file}: ${metadataKey} must be an object of strings, got ${JSON.stringify(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new TypeError(`${file}: ${metadataKey}.${key} must be a string, got ${typeof item}`);
  }
  return value as Record<string, string>;
}

function readEntry(name: string, entry: unknown, file: string, dtypes: 'float32' | 'convert'): { dtype: string; shape: number[]; begin: number; end: number } {
  const record = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (typeof record !== 'object' || record === null) {
    throw new TypeError(`${file}: tensor ${name} must be described by {dtype, shape, data_offsets}, got ${JSON.stringify(entry)}`);
  }
  const dtype = record.dtype;
  if (dtypes === 'float32' && dtype !== 'F32') {
    throw new TypeError(`${file}: tensor ${name} has dtype ${JSON.stringify(dtype)}, expected "F32"`);
  }
  if (typeof dtype !== 'string' || dtypeBytes[dtype] === undefined) {
    throw new TypeError(`${file}: tensor ${name} has dtype ${JSON.stringify(dtype)}, expected one of ${Object.keys(dtypeBytes).join(', ')}`);
  }
  const shape = record.shape;
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw new TypeError(`${file}: tensor ${name} has shape ${JSON.stringify(shape)}, expected a list of integers >= 0`);
  }
  const offsets = record.data_offsets;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw new TypeError(`${file}: tensor ${name} has data_offsets ${JSON.stringify(offsets)}, expected [begin, end] with 0 <= begin <= end`);
  }
  const [begin, end] = offsets as [number, number];
  const bytes = elementCount(shape) * dtypeBytes[dtype]!;
  if (end - begin !== bytes) {
    throw new RangeError(`${file}: tensor ${name} of shape [${shape}] needs ${bytes} bytes, data_offsets span ${end - begin}`);
  }
  return { dtype, shape, begin, end };
}

/** The format requires tensors to cover the data exactly, with no gaps or overlaps (as the Rust reader checks). */
function checkSpansTile(spans: Array<[number, number, string]>, dataLength: number, file: string): void {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let expected = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== expected) {
      throw new RangeError(`${file}: tensor ${name} starts at data byte ${begin}, expected ${expected} (tensors must be contiguous)`);
    }
    expected = end;
  }
  if (expected !== dataLength) {
    throw new RangeError(`${file}: the tensors cover ${expected} data bytes but the file holds ${dataLength} after the header`);
  }
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** The format is little-endian; on such hosts (all tfjs targets in practice) bytes are copied as they are. */
const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeFloat32LittleEndian(view: DataView, position: number, data: Float32Array): void {
  if (hostIsLittleEndian) {
    new Uint8Array(view.buffer, view.byteOffset + position, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return;
  }
  for (let i = 0; i < data.length; i++) view.setFloat32(position + 4 * i, data[i]!, true);
}

function readFloat32LittleEndian(view: DataView, position: number, count: number): Float32Array {
  if (hostIsLittleEndian) {
    const start = view.byteOffset + position;
    return new Float32Array(view.buffer.slice(start, start + 4 * count));
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(position + 4 * i, true);
  return out;
}
