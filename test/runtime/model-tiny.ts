import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { readTestData } from '../../src/runtime-common/run-parity.ts';
import type { NamedTensor } from '../../src/runtime-common/tensor-proto.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { collectOutput, type ProcessOutput } from '../../src/util/typescript-process.ts';

/**
 * The committed tiny export (see fixtures/model-tiny/README.md) every runtime test runs. FTD_TEST_MODEL points
 * the same tests at another export made from the default reference faces (a `small` one, say).
 */
export const modelTiny = process.env.FTD_TEST_MODEL ?? fileURLToPath(new URL('../../fixtures/model-tiny', import.meta.url));
export const facesFolder = fileURLToPath(new URL('../../fixtures/faces', import.meta.url));
export const badImagesFolder = fileURLToPath(new URL('../../fixtures/csv-sample/images', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

// Dawn (the webgpu EP's WebGPU) wants a runtime folder; without one it logs an error on every start.
process.env.XDG_RUNTIME_DIR ??= await mkdtemp(join(tmpdir(), 'ftd-xdg-'));

/** A private copy of the fixture model that a test may damage. */
export async function copyOfModelTiny(): Promise<{ folder: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'ftd-model-'));
  const folder = join(root, 'model');
  await mkdir(folder);
  await cp(modelTiny, folder, { recursive: true });
  return { folder, remove: () => rm(root, { recursive: true, force: true }) };
}

/** The reference tensors of a model folder's test_data_set_0, by value name ('image', 'prob', ...). */
export async function referenceTensors(folder: string): Promise<Map<string, NamedTensor>> {
  const source = fileModelSource(folder);
  const { testData } = await readManifest(source);
  const data = await readTestData(source, testData.folder, testData.inputs.length, testData.outputs.length);
  return new Map([...data.inputs, ...data.outputs]);
}

/** Runs the real `ftd` executable, as a user or CI would, and collects its exit code and output. */
export function runFtd(args: readonly string[]): Promise<ProcessOutput> {
  return collectOutput(spawn(process.execPath, [join(repositoryRoot, 'bin/ftd.mjs'), ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * Runs `ftd` with its stderr a regular file, as under `ftd ... > log 2>&1`: native code that writes to fd 2
 * cannot be filtered from JavaScript there, so this is where Dawn's notices would show. Returns that stderr.
 */
export async function runFtdWithStderrFile(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'ftd-stderr-'));
  const log = join(folder, 'stderr.txt');
  const stderr = openSync(log, 'w');
  try {
    const child = spawn(process.execPath, [join(repositoryRoot, 'bin/ftd.mjs'), ...args], { cwd: repositoryRoot, stdio: ['ignore', 'ignore', stderr] });
    const code = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
    return { code, stderr: await readFile(log, 'utf8') };
  } finally {
    closeSync(stderr);
    await rm(folder, { recursive: true, force: true });
  }
}
