import type { ModelManifest } from '../model-manifest.ts';
import { readVerifiedGraph } from '../open-detector.ts';
import { compareOutput, type OutputComparison, type Tolerance } from '../parity.ts';
import { readTestData } from '../run-parity.ts';
import type { ModelSource, SessionFactory, Tensor } from '../session.ts';

/**
 * face.onnx on one runtime against its reference (test_data_set_face: a letterboxed sample photo, the
 * threshold, and ftd's tfjs detector's boxes and scores). The graph must keep the same faces in the same
 * order (a different count fails the comparison outright) with boxes and scores within tolerance.
 * Returns no comparisons when the model folder has no face graph.
 */
export async function checkFaceGraph(source: ModelSource, manifest: ModelManifest, createSession: SessionFactory, tolerance: Tolerance): Promise<OutputComparison[]> {
  const entry = manifest.graphs.face;
  const face = manifest.face;
  if (!entry || !face) return [];
  const data = await readTestData(source, face.testData.folder, face.testData.inputs.length, face.testData.outputs.length);
  const feeds: Record<string, Tensor> = {};
  for (const [name, value] of data.inputs) {
    if (value.type !== 'float32') throw new TypeError(`${source.location}/${face.testData.folder}: input "${name}" must be float32, found ${value.type}`);
    feeds[name] = { data: value.data as Float32Array, dims: value.dims };
  }
  const session = await createSession(await readVerifiedGraph(source, entry), 'face');
  try {
    const out = await session.run(feeds);
    return ['boxes', 'scores'].map((name) => {
      const expected = data.outputs.get(name);
      if (!expected) throw new RangeError(`${source.location}/${face.testData.folder} has no output "${name}"`);
      return compareOutput(`face ${name}`, expected.data as Float32Array, out[name]?.data ?? new Float32Array(0), tolerance);
    });
  } finally {
    await session.release();
  }
}
