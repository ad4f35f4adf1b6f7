import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphEntry, ModelManifest } from '../runtime-common/model-manifest.ts';
import { writeNewFileSynced } from '../util/atomic.ts';
import type { BuiltGraph } from './build-graphs.ts';
import { buildManifest, manifestText, type ManifestParts } from './build-manifest.ts';
import { graphEntry } from './graph-entry.ts';
import { faceTestDataFolder, type FaceExport } from './face-export.ts';
import type { ReferenceData } from './reference-outputs.ts';
import { testDataFolder, writeTestDataSet, type WrittenFile } from './test-data-set.ts';

export interface ModelFolderContents {
  readonly graphs: readonly BuiltGraph[];
  readonly reference: ReferenceData;
  /** Everything model.json says that is not read back from the files written here. */
  readonly describe: Omit<ManifestParts, 'graphs' | 'testData' | 'face'>;
  /** face.onnx and its reference data, unless the export skips faces. */
  readonly face?: FaceExport;
}

/**
 * Writes the graphs, test_data_set_0/ and model.json into an empty folder. model.json is written last and
 * describes the files as they were written: each graph's sha256, size and interface come from its bytes.
 */
export async function writeModelFolder(folder: string, contents: ModelFolderContents): Promise<{ manifest: ModelManifest; files: WrittenFile[] }> {
  const files: WrittenFile[] = [];
  const entries: Partial<Record<BuiltGraph['role'], GraphEntry>> = {};
  const graphs = contents.face ? [...contents.graphs, contents.face.graph] : contents.graphs;
  for (const graph of graphs) {
    await writeNewFileSynced(join(folder, graph.file), graph.bytes);
    entries[graph.role] = await graphEntry(graph.file, graph.bytes);
    files.push({ file: graph.file, bytes: graph.bytes.length });
  }
  if (!entries.teacher || !entries.student) throw new RangeError('a model folder needs both teacher.onnx and student.onnx');
  await mkdir(join(folder, testDataFolder));
  const testData = await writeTestDataSet(join(folder, testDataFolder), contents.reference);
  for (const written of [...testData.inputs, ...testData.outputs]) files.push({ file: `${testDataFolder}/${written.file}`, bytes: written.bytes });
  let face: ManifestParts['face'];
  if (contents.face && entries.face) {
    await mkdir(join(folder, faceTestDataFolder));
    const faceData = await writeTestDataSet(join(folder, faceTestDataFolder), contents.face.reference);
    for (const written of [...faceData.inputs, ...faceData.outputs]) files.push({ file: `${faceTestDataFolder}/${written.file}`, bytes: written.bytes });
    const testData = { folder: faceTestDataFolder, inputs: faceData.inputs.map((w) => w.file), outputs: faceData.outputs.map((w) => w.file), count: 1 };
    face = { entry: entries.face, section: { ...contents.face.section, testData } };
  }
  const manifest = buildManifest({
    ...contents.describe,
    graphs: { teacher: entries.teacher, student: entries.student, ...(entries.detector ? { detector: entries.detector } : {}) },
    ...(face ? { face } : {}),
    testData: {
      inputs: testData.inputs.map((written) => written.file),
      outputs: testData.outputs.map((written) => written.file),
      count: contents.reference.inputs[0]?.dims[0] ?? 0,
    },
  });
  const text = manifestText(manifest);
  await writeNewFileSynced(join(folder, 'model.json'), text);
  files.push({ file: 'model.json', bytes: Buffer.byteLength(text) });
  return { manifest, files };
}
