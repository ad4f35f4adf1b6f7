import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModel } from '../../src/export/export-model.ts';
import { chooseBackend } from '../../src/training/backend/index.ts';
import { presets } from '../../src/training/config.ts';
import { LearningToMask } from '../../src/training/model/learning-to-mask.ts';
import { writeRun } from '../unit/export/run-folder.ts';

/**
 * A model folder exported as `ftd export` writes it (face.onnx and test_data_set_face included), from a
 * `tiny` checkpoint: the face graph does not depend on the forgery detector, so the smallest one will do.
 */
export async function exportFaceModel(): Promise<{ folder: string; remove: () => Promise<void> }> {
  await chooseBackend('cpu');
  const root = await mkdtemp(join(tmpdir(), 'ftd-face-model-'));
  const model = new LearningToMask(presets.tiny.model, 5);
  try {
    await writeRun(join(root, 'run'), 'tiny', model, 5);
  } finally {
    model.dispose();
  }
  const { out } = await exportModel({ run: join(root, 'run'), out: join(root, 'model') });
  return { folder: out, remove: () => rm(root, { recursive: true, force: true }) };
}
