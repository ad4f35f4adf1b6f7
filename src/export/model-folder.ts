import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphEntry, ModelManifest } from '../runtime-common/model-manifest.ts';
import { writeNewFileSynced } from '../util/atomic.ts';
import type { BuiltGraph } from './build-graphs.ts';
import { buildManifest, manifestText, type ManifestParts } from './build-manifest.ts';
import { graphEntry } from './graph-entry.ts';
import type { ReferenceData } from './reference-outputs.ts';
import { testDataFolder, writeTestDataSet, type WrittenFile } from './test-data-set.ts';

export interface ModelFolderContents {
  readonly graphs: readonly BuiltGraph[];
  readonly reference: ReferenceData;
  /** Everything model.json says that is not read back from the files written here. */
  readonly describe: Omit<ManifestParts, 'graphs' | 'testData'>;
}

/**
 * Writes the graphs, test_data_set_0/ and model.json into an empty folder. model.json is written last and
 * describes the files as they were written: each graph's sha256, size and interface come from its bytes.
 */
export async function writeModelFolder(folder: string, contents: ModelFolderContents): Promise<{ manifest: ModelManifest; files: WrittenFile[] }> {
  const files: WrittenFile[] = [];
  const entries: Partial<Record<BuiltGraph['role'], GraphEntry>> = {};
  for (const graph of contents.graphs) {
    await writeNewFileSynced(join(folder, graph.file), graph.bytes);
    entries[graph.role] = await graphEntry(graph.file, graph.bytes);
    files.push({ file: graph.file, bytes: graph.bytes.length });
  }
  if (!entries.teacher || !entries.student) throw new RangeError('a model folder needs both teacher.onnx and student.onnx');
  await mkdir(join(folder, testDataFolder));
  const testData = await writeTestDataSet(join(folder, testDataFolder), contents.reference);
  for (const written of [...testData.inputs, ...testData.outputs]) files.push({ file: `${testDataFolder}/${written.file}`, bytes: written.bytes });
  const manifest = buildManifest({
    ...contents.describe,
    graphs: { teacher: entries.teacher, student: entries.student, ...(entries.detector ? { detector: entries.detector } : {}) },
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
