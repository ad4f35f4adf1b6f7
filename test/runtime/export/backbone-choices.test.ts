import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from '../../../src/export/export-model.ts';
import { parityRuntimes } from '../../../src/runtime-node/parity/registry.ts';
import { chooseBackend } from '../../../src/training/backend/index.ts';
import type { BackboneArchitecture } from '../../../src/training/config.ts';
import { settingsForNewRun } from '../../../src/training/loop/run-settings.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { loadFaces } from '../../unit/export/faces.ts';
import { writeRun } from '../../unit/export/run-folder.ts';
import { makeTrainedLike } from '../../unit/export/trained-like.ts';
import { runFtd } from '../model-tiny.ts';

/**
 * Every backbone `--backbone` offers, and a mixed pair as in the paper's Table 5, exports at the tiny preset and
 * passes parity on onnxruntime-node's cpu EP, with the choice recorded in model.json. The last test runs the
 * real commands, as a user would: train with --backbone resnet18, export, parity.
 */
const nodeCpu = parityRuntimes().find((runtime) => runtime.name === 'node-cpu')!;
const choices: Array<[string, BackboneArchitecture, BackboneArchitecture]> = [
  ['xception', 'xception', 'xception'],
  ['xception-timm', 'xception-timm', 'xception-timm'],
  ['resnet18', 'resnet18', 'resnet18'],
  ['resnet34', 'resnet34', 'resnet34'],
  ['resnet18 teacher, xception-timm student', 'resnet18', 'xception-timm'],
];
let scratch: string;
beforeAll(async () => {
  await chooseBackend('cpu');
  scratch = await mkdtemp(join(tmpdir(), 'ftd-backbone-choices-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the backbone choice', () => {
  it.each(choices)('%s: exports, and the graphs reproduce tfjs on node-cpu', async (name, teacher, student) => {
    const { model: config } = settingsForNewRun({ out: 'unused', preset: 'tiny', backbone: teacher, studentBackbone: student });
    const run = join(scratch, 'runs', name.replace(/\W+/g, '-'));
    const out = join(scratch, 'models', name.replace(/\W+/g, '-'));
    const model = new LearningToMask(config, 5);
    makeTrainedLike(model, (await loadFaces(4, config.imageSize)).nhwc, 5);
    await writeRun(run, 'tiny', model, 5);
    model.dispose();
    await exportModel({ run, out, fused: true, faces: false });
    const manifest = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(manifest.training.config.model.teacherBackbone.architecture).toBe(teacher);
    expect(manifest.training.config.model.studentBackbone.architecture).toBe(student);
    for (const fused of [false, true]) {
      const report = await nodeCpu.run(out, { fused });
      for (const output of report.outputs) expect(output.maxAbs, `${output.name}, fused ${fused}`).toBeLessThanOrEqual(report.tolerance.abs);
      expect(report.pass).toBe(true);
    }
  });

  it('ftd train --backbone resnet18 --preset tiny trains, ftd export exports, ftd parity passes', async () => {
    const run = join(scratch, 'cli-run');
    const out = join(scratch, 'cli-model');
    const train = await runFtd(['train', '--data', 'fixtures/synth-tiny', '--preset', 'tiny', '--backbone', 'resnet18', '--epochs', '1',
      '--steps-per-epoch', '2', '--batch', '2', '--out', run, '--backend', 'cpu', '--progress', 'none']);
    expect(train.code, train.stderr).toBe(0);
    const record = JSON.parse(await readFile(join(run, 'run.json'), 'utf8'));
    expect(record.config.model.teacherBackbone).toEqual({ architecture: 'resnet18', widthMultiplier: 0.0625, outputStride: 8, batchNormMomentum: 0.9 });
    expect(record.init).toEqual({ teacher: null, student: null });
    expect((await runFtd(['export', run, '--out', out])).code).toBe(0);
    const parity = await runFtd(['parity', out, '--runtimes', 'node-cpu']);
    expect(parity.stdout).toMatch(/PASS: 1 runtime\(s\) reproduce the reference outputs/);
    expect(parity.code).toBe(0);
  });
});
