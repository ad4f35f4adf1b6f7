import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  BackendFailureError,
  BackendUnavailable,
  BackendUnavailableError,
  chooseBackend,
  describeBackend,
  type BackendCandidate,
  type BackendName,
} from '../../../../src/training/backend/index.ts';
import { cpuBackend } from '../../../../src/training/backend/cpu-backend.ts';
import { tensorflowBackend } from '../../../../src/training/backend/tensorflow-backend.ts';
import { wasmBackend } from '../../../../src/training/backend/wasm-backend.ts';

const resolvable = (name: string) => {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
};
const tfjsNodeInstalled = resolvable('@tensorflow/tfjs-node') || resolvable('@tensorflow/tfjs-node-gpu');
if (tfjsNodeInstalled) console.warn('skipping the "tfjs-node not installed" cases: a tfjs-node package is installed here');

/** A candidate standing in for hardware this machine may lack, so the chooser's bookkeeping is tested everywhere. */
function unavailable(name: BackendName, reason: string): BackendCandidate {
  return { name, activate: () => Promise.reject(new BackendUnavailable(reason)) };
}

describe('BackendFailureError', () => {
  it('names the back end, the device, when, the failing tfjs program and the first error line', () => {
    const errors = ["Error while parsing WGSL: :152:43 error: cannot index type 'vec6'\n   let end = vec6(...)", '[Invalid ShaderModule "PadProgram"] is invalid'];
    const error = new BackendFailureError({ name: 'webgpu', device: 'llvmpipe: Mesa 25.0.7' }, 'step 3', errors);
    expect(error.message).toBe(
      "the webgpu back end on llvmpipe: Mesa 25.0.7 reported 2 error(s) during step 3 in tfjs's PadProgram, so its results are wrong " +
        "and nothing was saved from them. First: Error while parsing WGSL: :152:43 error: cannot index type 'vec6'. This is a failure " +
        'of a tfjs kernel on this device; run with --backend cpu (slower, exact), or report the message above',
    );
  });
});

describe('chooseBackend', () => {
  it.skipIf(tfjsNodeInstalled)('fails an explicit --backend tensorflow with the reason for each package', async () => {
    const attempt = chooseBackend('tensorflow');
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      '--backend tensorflow is not available here: @tensorflow/tfjs-node-gpu is not installed; @tensorflow/tfjs-node is not installed',
    );
  });

  it('falls back to cpu under auto, saying why each faster back end was passed over and that cpu is slow', async () => {
    const candidates = [unavailable('tensorflow', 'no libtensorflow'), unavailable('webgpu', 'Dawn found no WebGPU adapter'), cpuBackend];
    const choice = await chooseBackend('auto', candidates);
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.skipped).toEqual([
      { name: 'tensorflow', reason: 'no libtensorflow' },
      { name: 'webgpu', reason: 'Dawn found no WebGPU adapter' },
    ]);
    expect(choice.warnings).toHaveLength(1);
    expect(choice.warnings[0]).toMatch(/cpu back end will be slow/);
    expect(describeBackend(choice)).toBe('cpu (@tensorflow/tfjs-backend-cpu) on JavaScript on the main thread');
  });

  it.skipIf(tfjsNodeInstalled)('lists every reason when auto finds nothing that starts', async () => {
    const attempt = chooseBackend('auto', [tensorflowBackend, unavailable('webgpu', 'Dawn found no WebGPU adapter')]);
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      '--backend auto: no tfjs back end could start here:\n' +
        '  tensorflow: @tensorflow/tfjs-node-gpu is not installed; @tensorflow/tfjs-node is not installed\n' +
        '  webgpu: Dawn found no WebGPU adapter',
    );
    const error = (await attempt.catch((caught: unknown) => caught)) as BackendUnavailableError;
    expect(error.reasons.map((reason) => reason.name)).toEqual(['tensorflow', 'webgpu']);
  });

  it('never falls back from a back end the user named', async () => {
    const attempt = chooseBackend('webgpu', [unavailable('webgpu', 'Dawn found no WebGPU adapter'), cpuBackend]);
    await expect(attempt).rejects.toThrow('--backend webgpu is not available here: Dawn found no WebGPU adapter');
  });

  it('gives an explicitly requested cpu back end without the slowness warning', async () => {
    const choice = await chooseBackend('cpu');
    expect(choice).toMatchObject({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', skipped: [], warnings: [] });
    expect(choice.deviceErrors()).toEqual([]);
  });

  it('rejects an unknown request naming the flag and the choices', async () => {
    await expect(chooseBackend('cuda' as never)).rejects.toThrow('--backend must be one of auto, tensorflow, webgpu, wasm, cpu; got "cuda"');
  });

  it('tells each candidate whether the user named it, so WebGPU can decline a software rasteriser under auto only', async () => {
    const seen: Array<{ named: boolean } | undefined> = [];
    const recording: BackendCandidate = { name: 'cpu', activate: (request) => (seen.push(request), cpuBackend.activate()) };
    await chooseBackend('auto', [recording]);
    await chooseBackend('cpu', [recording]);
    expect(seen).toEqual([{ named: false }, { named: true }]);
  });

  it('prefers wasm to cpu under auto, recording why WebGPU was passed over', async () => {
    const software = 'the WebGPU adapter is a software rasteriser (llvmpipe), slower than the wasm back end; ask for it with --backend webgpu';
    const choice = await chooseBackend('auto', [unavailable('tensorflow', 'no libtensorflow'), unavailable('webgpu', software), wasmBackend, cpuBackend]);
    try {
      expect(choice).toMatchObject({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', warnings: [] });
      expect(choice.device).toMatch(/^WebAssembly( SIMD)? \(XNNPACK\), \d+ threads?$/);
      expect(choice.skipped.map((skip) => skip.name)).toEqual(['tensorflow', 'webgpu']);
      expect(tf.getBackend()).toBe('wasm');
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('lets a real failure inside a back end surface instead of passing it over', async () => {
    const broken: BackendCandidate = { name: 'webgpu', activate: () => Promise.reject(new TypeError('bug in activation')) };
    await expect(chooseBackend('auto', [broken, cpuBackend])).rejects.toThrow('bug in activation');
  });
});
