import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The manifest and weights of the tiny face detector as @vladmandic/face-api ships them (tfjs's weights format). */
export const tinyFaceDetectorFiles = {
  manifest: 'tiny_face_detector_model-weights_manifest.json',
} as const;

/** The folder of the installed @vladmandic/face-api package: `model/` holds the weights, `demo/` sample photos. */
export function faceApiPackageFolder(): string {
  return dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));
}

export function faceApiModelFolder(): string {
  return join(faceApiPackageFolder(), 'model');
}

interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
  readonly quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
}

const bytesPerValue = { float32: 4, uint8: 1, uint16: 2, float16: 2 } as const;

/**
 * Reads a tfjs weights manifest and its binary shards into float32 tensors by name. The bytes are decoded by
 * tfjs's own `io.decodeWeights`, so quantized weights are dequantized exactly as face-api's tfjs loads them
 * (value * scale + min, rounded to float32). Everything is checked first, so a wrong, missing or truncated file
 * is an error naming the file and the tensor rather than a garbled network.
 */
export async function readTfjsWeights(folder: string, manifestFile: string): Promise<Map<string, tf.Tensor>> {
  const manifestPath = join(folder, manifestFile);
  const groups = parseManifest(await readText(manifestPath), manifestPath);
  const tensors = new Map<string, tf.Tensor>();
  for (const group of groups) {
    const shards = await Promise.all(group.paths.map((path) => readBinary(join(folder, path))));
    const data = Buffer.concat(shards);
    const where = group.paths.map((path) => join(folder, path)).join(' + ');
    let offset = 0;
    for (const spec of group.weights) {
      const size = spec.shape.reduce((a, b) => a * b, 1) * bytesPerValue[spec.quantization?.dtype ?? spec.dtype];
      if (offset + size > data.length) {
        throw new RangeError(`${where} is truncated: tensor "${spec.name}" needs bytes ${offset}..${offset + size} but the file has ${data.length}`);
      }
      offset += size;
    }
    if (offset !== data.length) {
      throw new RangeError(`${where} has ${data.length} bytes but ${manifestPath} describes ${offset}: the weights do not belong to this manifest`);
    }
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
    for (const [name, tensor] of Object.entries(tf.io.decodeWeights(buffer, group.weights))) {
      if (tensors.has(name)) throw new RangeError(`${manifestPath} lists tensor "${name}" twice`);
      tensors.set(name, tensor);
    }
  }
  return tensors;
}

function parseManifest(text: string, path: string): Array<{ paths: string[]; weights: WeightSpec[] }> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(json) || json.length === 0) throw new TypeError(`${path}: expected a non-empty array of weight groups, found ${describe(json)}`);
  return json.map((group: unknown, g) => {
    const entry = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(entry?.paths) || !entry.paths.every((p) => typeof p === 'string' && !p.includes('..'))) {
      throw new TypeError(`${path}: group ${g}.paths must be an array of file names, found ${describe(entry?.paths)}`);
    }
    if (!Array.isArray(entry.weights)) throw new TypeError(`${path}: group ${g}.weights must be an array, found ${describe(entry.weights)}`);
    return { paths: entry.paths as string[], weights: entry.weights.map((weight: unknown, i) => checkSpec(weight, `${path}: group ${g} weight ${i}`)) };
  });
}

function checkSpec(value: unknown, where: string): WeightSpec {
  const spec = value as Partial<WeightSpec>;
  if (typeof spec?.name !== 'string') throw new TypeError(`${where}: expected a name, found ${describe(spec?.name)}`);
  const named = `${where} ("${spec.name}")`;
  if (!Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(`${named}: shape must be an array of positive integers, found ${describe(spec.shape)}`);
  }
  if (spec.dtype !== 'float32') throw new TypeError(`${named}: dtype must be "float32", found ${describe(spec.dtype)}`);
  const quantization = spec.quantization;
  if (quantization !== undefined) {
    if (!(quantization.dtype in bytesPerValue) || quantization.dtype === ('float32' as string)) {
      throw new TypeError(`${named}: quantization.dtype must be uint8, uint16 or float16, found ${describe(quantization.dtype)}`);
    }
    if (quantization.dtype !== 'float16' && !(Number.isFinite(quantization.scale) && Number.isFinite(quantization.min))) {
      throw new TypeError(`${named}: ${quantization.dtype} quantization needs a finite scale and min, found ${describe(quantization)}`);
    }
  }
  return spec as WeightSpec;
}

async function readText(path: string): Promise<string> {
  return (await readBinary(path)).toString('utf8');
}

async function readBinary(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`${path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is @vladmandic/face-api installed (npm ci)?`);
  }
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
