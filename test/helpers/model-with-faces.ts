import '@tensorflow/tfjs-backend-cpu';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFaceExport, faceTestDataFolder } from '../../src/export/face-export.ts';
import { graphEntry } from '../../src/export/graph-entry.ts';
import { writeTestDataSet } from '../../src/export/test-data-set.ts';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';

/**
 * `model` itself when its export has face.onnx; otherwise a temporary copy to which the exporter's own code adds
 * face.onnx, its reference data and model.json's face entries, exactly as `ftd export` writes them. The face
 * tests of serve and the photo page then run against the committed tiny model, whether or not it was exported
 * before face.onnx existed. `remove` deletes the copy (nothing for `model` itself).
 */
export async function modelWithFaces(model: string): Promise<{ folder: string; remove: () => Promise<void> }> {
  if ((await readManifest(fileModelSource(model))).graphs.face) return { folder: model, remove: async () => undefined };
  const root = await mkdtemp(join(tmpdir(), 'ftd-face-model-'));
  const folder = join(root, 'model');
  await cp(model, folder, { recursive: true });
  const face = await buildFaceExport();
  await writeFile(join(folder, face.graph.file), face.graph.bytes);
  await mkdir(join(folder, faceTestDataFolder));
  const data = await writeTestDataSet(join(folder, faceTestDataFolder), face.reference);
  const manifest = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'));
  manifest.graphs.face = await graphEntry(face.graph.file, face.graph.bytes);
  manifest.face = { ...face.section, testData: { folder: faceTestDataFolder, inputs: data.inputs.map((w) => w.file), outputs: data.outputs.map((w) => w.file), count: 1 } };
  await writeFile(join(folder, 'model.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { folder, remove: () => rm(root, { recursive: true, force: true }) };
}
