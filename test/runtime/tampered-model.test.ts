import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDetector } from '../../src/runtime-common/open-detector.ts';
import type { GraphRole, SessionFactory } from '../../src/runtime-common/session.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { createNodeSession } from '../../src/runtime-node/node-session.ts';
import { copyOfModelTiny, facesFolder, runFtd } from './model-tiny.ts';

/** A model folder whose graph changed after export must never reach onnxruntime. */

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((remove) => remove()));
  cleanup = [];
});

async function damagedCopy(file: string, damage: 'flip one byte' | 'truncate'): Promise<string> {
  const copy = await copyOfModelTiny();
  cleanup.push(copy.remove);
  const path = join(copy.folder, file);
  if (damage === 'truncate') {
    await truncate(path, (await readFile(path)).length - 1);
  } else {
    const bytes = await readFile(path);
    // A byte in the middle: inside the weights, where a bad copy would leave a model that still loads.
    bytes[bytes.length >> 1] ^= 0x01;
    await writeFile(path, bytes);
  }
  return copy.folder;
}

/** Records which graphs reached session creation. */
function recordingFactory(created: GraphRole[]): SessionFactory {
  return async (model, role) => {
    created.push(role);
    return createNodeSession(model, 'cpu');
  };
}

describe('a tampered model folder', () => {
  it('with one byte of teacher.onnx changed is refused by its sha256 before any session exists', async () => {
    const folder = await damagedCopy('teacher.onnx', 'flip one byte');
    const created: GraphRole[] = [];
    await expect(openDetector(fileModelSource(folder), recordingFactory(created))).rejects.toThrow(
      /teacher\.onnx has sha256 [0-9a-f]{64} but model\.json records [0-9a-f]{64}: the file was modified; copy the model folder again/,
    );
    expect(created).toEqual([]);
  });

  it('with student.onnx truncated is refused by its size; the teacher session made before it is the only one', async () => {
    const folder = await damagedCopy('student.onnx', 'truncate');
    const created: GraphRole[] = [];
    await expect(openDetector(fileModelSource(folder), recordingFactory(created))).rejects.toThrow(
      /student\.onnx is \d+ bytes but model\.json records \d+: the file is truncated or was replaced/,
    );
    expect(created).toEqual(['teacher']);
  });

  it('makes `ftd infer` and `ftd parity` exit 1 naming the file', async () => {
    const folder = await damagedCopy('teacher.onnx', 'flip one byte');
    const infer = await runFtd(['infer', folder, facesFolder, '--ep', 'cpu']);
    expect(infer.code).toBe(1);
    expect(infer.stderr).toMatch(/teacher\.onnx has sha256 .* the file was modified/);
    const parity = await runFtd(['parity', folder, '--runtimes', 'node-cpu']);
    expect(parity.code).toBe(1);
    expect(parity.stdout).toMatch(/node-cpu: FAILED to run: .*teacher\.onnx has sha256/);
  });
});
