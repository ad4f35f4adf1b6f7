import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { readManifest } from '../../runtime-common/open-detector.ts';
import { readTestData } from '../../runtime-common/run-parity.ts';
import { fileModelSource } from '../../runtime-node/file-model-source.ts';
import { listImages } from '../../runtime-node/infer/list-images.ts';

/** One request body the load test sends. */
export interface BenchBody {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp' };

/** The most distinct bodies kept in memory; the load cycles through them. */
const MAX_BODIES = 64;

/**
 * What the load test posts: the given image files, or by default the model's own reference images (its
 * test_data_set_0 input) encoded as PNG at the model's size, so that every body decodes to exactly the pixels
 * the graphs were checked on and the measurement is of the server, not of resizing large photos.
 */
export async function benchBodies(model: string, images?: readonly string[]): Promise<BenchBody[]> {
  if (images && images.length > 0) {
    const files = (await listImages(images)).slice(0, MAX_BODIES);
    return Promise.all(
      files.map(async (file) => ({ name: file, bytes: new Uint8Array(await readFile(file)), contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' })),
    );
  }
  const source = fileModelSource(model);
  const { testData } = await readManifest(source);
  const data = await readTestData(source, testData.folder, testData.inputs.length, testData.outputs.length);
  const image = data.inputs.get('image');
  if (!image || image.type !== 'float32' || image.dims.length !== 4) throw new RangeError(`${model}/${testData.folder} has no float32 [N, 3, S, S] "image" input to build request bodies from`);
  const [n, , size] = image.dims as [number, number, number, number];
  const plane = size * size;
  const values = image.data as Float32Array;
  const bodies: BenchBody[] = [];
  for (let i = 0; i < Math.min(n, MAX_BODIES); i++) {
    const rgb = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round(values[(i * 3 + c) * plane + p]! * 255);
    const png = await sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
    bodies.push({ name: `${testData.folder} image ${i}`, bytes: new Uint8Array(png), contentType: 'image/png' });
  }
  return bodies;
}
