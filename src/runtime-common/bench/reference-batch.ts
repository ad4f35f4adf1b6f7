import type { ModelManifest } from '../model-manifest.ts';
import { readTestData } from '../run-parity.ts';
import type { ModelSource } from '../session.ts';

/**
 * The model folder's reference images (test_data_set_0's `image` input, NCHW) as a source of batches for timing
 * runs: real faces, so data-dependent kernels do real work. `batchOf(n)` repeats them cyclically to n images.
 */
export async function referenceBatches(source: ModelSource, manifest: ModelManifest): Promise<(n: number) => Float32Array> {
  const { testData } = manifest;
  const data = await readTestData(source, testData.folder, testData.inputs.length, testData.outputs.length);
  const image = data.inputs.get('image');
  if (!image || image.type !== 'float32') throw new RangeError(`${source.location}/${testData.folder} has no float32 "image" input to benchmark with`);
  const images = image.data as Float32Array;
  const available = image.dims[0]!;
  const each = images.length / available;
  return (n: number) => {
    const out = new Float32Array(n * each);
    for (let i = 0; i < n; i++) out.set(images.subarray((i % available) * each, ((i % available) + 1) * each), i * each);
    return out;
  };
}
