import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFaceExport, faceTestDataFolder } from '../../src/export/face-export.ts';
import { graphEntry } from '../../src/export/graph-entry.ts';
import { writeTestDataSet } from '../../src/export/test-data-set.ts';
import { chooseBackend } from '../../src/training/backend/index.ts';
import { copyOfModelTiny } from './model-tiny.ts';

/**
 * A copy of the fixture model with face.onnx added as `ftd export` writes it (graph, reference data, model.json
 * entries), for the tests of face-level scoring. Built rather than committed: the face graph is 0.4 MB more.
 */
export async function copyOfModelTinyWithFaces(): Promise<{ folder: string; remove: () => Promise<void> }> {
  await chooseBackend('cpu');
  const copy = await copyOfModelTiny();
  const face = await buildFaceExport();
  await writeFile(join(copy.folder, face.graph.file), face.graph.bytes);
  await mkdir(join(copy.folder, faceTestDataFolder));
  const data = await writeTestDataSet(join(copy.folder, faceTestDataFolder), face.reference);
  const manifestPath = join(copy.folder, 'model.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.graphs.face = await graphEntry(face.graph.file, face.graph.bytes);
  manifest.face = { ...face.section, testData: { folder: faceTestDataFolder, inputs: data.inputs.map((w) => w.file), outputs: data.outputs.map((w) => w.file), count: 1 } };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return copy;
}
