import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { decodeTensorProto, encodeTensorProto } from '../../src/runtime-common/tensor-proto.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import type { ParityGateResult } from '../../src/runtime-node/parity/gate.ts';
import { nodeRuntimes } from '../../src/runtime-node/parity/node-runtimes.ts';
import { copyOfModelTiny, modelTiny, runFtd, runFtdWithStderrFile } from './model-tiny.ts';

/** `ftd parity` as CI runs it: the exit code is the gate. */

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((remove) => remove()));
  cleanup = [];
});

async function copy(): Promise<string> {
  const model = await copyOfModelTiny();
  cleanup.push(model.remove);
  return model.folder;
}

/** Rewrites the reference output `name` of a model folder with `change` applied; the graphs stay as exported. */
async function perturbReference(folder: string, name: string, change: (values: Float32Array) => void): Promise<void> {
  const { testData } = await readManifest(fileModelSource(folder));
  for (const file of testData.outputs) {
    const path = join(folder, testData.folder, file);
    const tensor = decodeTensorProto(await readFile(path), path);
    if (tensor.name !== name || tensor.type !== 'float32') continue;
    const data = Float32Array.from(tensor.data);
    change(data);
    await writeFile(path, encodeTensorProto({ ...tensor, data }));
    return;
  }
  throw new Error(`${folder} has no reference output named ${name}`);
}

// Only the onnxruntime-node runtimes are probed: a browser probe launches Chromium and keeps it for a run.
const unavailable = (await Promise.all(nodeRuntimes().map(async (r) => ({ name: r.name, reason: await r.unavailableReason() })))).find((r) => r.reason);
if (!unavailable) console.warn('every onnxruntime-node EP is available here, so "a requested runtime that cannot run fails the gate" is not exercised');

describe('ftd parity', () => {
  it('exits 0 when the runtime reproduces the reference, and writes the table as JSON', async () => {
    const out = join(await copy(), 'parity.json');
    const { code, stdout } = await runFtd(['parity', modelTiny, '--runtimes', 'node-cpu', '--json', out]);
    expect(stdout).toMatch(/PASS: 1 runtime\(s\) reproduce the reference outputs of \d+ images/);
    expect(code).toBe(0);
    const result = JSON.parse(await readFile(out, 'utf8')) as ParityGateResult;
    expect(result.pass).toBe(true);
    expect(result.reports.map((r) => [r.runtime, r.ep, r.pass])).toEqual([['node-cpu', 'cpu', true]]);
  });

  it('with a bare --json, prints the result as JSON on stdout instead of the table', async () => {
    const { code, stdout } = await runFtd(['parity', modelTiny, '--runtimes', 'node-cpu', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ParityGateResult;
    expect(result.pass).toBe(true);
    expect(result.reports.map((r) => [r.runtime, r.ep, r.pass])).toEqual([['node-cpu', 'cpu', true]]);
    expect(stdout).not.toMatch(/PASS:/);
  });

  it('exits 1 when one reference probability is moved by 1e-3, and shows where', async () => {
    const folder = await copy();
    await perturbReference(folder, 'prob', (values) => (values[1]! += 1e-3));
    const out = join(folder, 'parity.json');
    const { code, stdout } = await runFtd(['parity', folder, '--runtimes', 'node-cpu', '--json', out]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\| node-cpu .*\| prob .*\| FAIL/);
    expect(stdout).toMatch(/node-cpu prob: first value outside 0\.0001 at index 1/);
    const result = JSON.parse(await readFile(out, 'utf8')) as ParityGateResult;
    const prob = result.reports[0]!.outputs.find((o) => o.name === 'prob')!;
    expect(prob.firstBad).toBe(1);
    expect(prob.maxAbs).toBeCloseTo(1e-3, 5);
  });

  it('exits 1 when the reference attention is perturbed, since the mask is checked against it too', async () => {
    const folder = await copy();
    await perturbReference(folder, 'attention', (values) => values.forEach((v, i) => (values[i] = i % 2 === 0 ? v + 0.01 : v)));
    const { code, stdout } = await runFtd(['parity', folder, '--runtimes', 'node-cpu']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\| node-cpu .*\| attention .*\| FAIL/);
  });

  it.skipIf(!unavailable)('exits 1 when a runtime asked for by name cannot run here, and says why', async () => {
    const { code, stdout } = await runFtd(['parity', modelTiny, '--runtimes', `node-cpu,${unavailable!.name}`]);
    expect(code).toBe(1);
    expect(stdout).toContain(`${unavailable!.name}: skipped: ${unavailable!.reason} (requested: counts as a failure)`);
    expect(stdout).toMatch(/FAIL: .* was requested but is unavailable/);
  });

  it('exits 2 on a runtime name it does not know', async () => {
    const { code, stderr } = await runFtd(['parity', modelTiny, '--runtimes', 'node-tpu']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--runtimes: unknown runtime "node-tpu"/);
  });
});

const webgpuReason = await nodeRuntimes().find((runtime) => runtime.name === 'node-webgpu')!.unavailableReason();
if (webgpuReason) console.warn(`skipping the node-webgpu stderr check: ${webgpuReason}`);

describe.skipIf(webgpuReason !== undefined)('ftd parity on node-webgpu', () => {
  it("prints none of Dawn's limit-clamp notices with stderr a regular file (the runtime runs in a child whose stderr is filtered)", async () => {
    const { code, stderr } = await runFtdWithStderrFile(['parity', modelTiny, '--runtimes', 'node-webgpu']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/node-webgpu: running \d+ reference images/);
    expect(stderr).not.toMatch(/artificially reduced/);
  });
});
