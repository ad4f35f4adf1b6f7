import { mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { withoutDawnLimitNotices } from '../../util/dawn-notices.ts';
import { captureNativeStderr } from '../../util/native-stderr.ts';
import { summariseAdapter, type AdapterInfo } from '../../util/webgpu-adapter.ts';
import { noAdapterReason, probeWebGpuAdapter } from '../../util/webgpu-adapter-probe.ts';
import { BackendUnavailable, type BackendCandidate } from './backend-choice.ts';
import { importOptional } from './import-optional.ts';

/**
 * tfjs's WebGPU back end on Dawn's Node binding (npm `webgpu`): a GPU through Vulkan, or Mesa's lavapipe
 * where there is none. Node has no `navigator.gpu`, so Dawn's is installed before tfjs-backend-webgpu is
 * imported (it registers itself only if it sees one at import time).
 */
export const webgpuBackend: BackendCandidate = {
  name: 'webgpu',
  async activate(request = { named: true }) {
    silenceDawnRuntimeDirectoryWarning();
    // `auto` passes over a CPU rasteriser; learn that in a child process, so this one never loads Dawn and its
    // notices (which captureNativeStderr cannot filter when stderr is a regular file) never print.
    if (!request.named) {
      const probe = await probeWebGpuAdapter();
      if (probe.state === 'none') throw new BackendUnavailable(probe.reason);
      if (probe.state === 'found' && probe.software) throw softwareRasteriser(probe.description);
    }
    const gpu = await installDawn();
    // Dawn enumerates the Vulkan adapters inside this call, synchronously, and prints its limit clamps then.
    const { value: requested, captured } = captureNativeStderr(() => gpu.requestAdapter({ powerPreference: 'high-performance' }));
    const otherOutput = withoutDawnLimitNotices(captured);
    if (otherOutput !== '') process.stderr.write(otherOutput);
    const adapter = await requested;
    if (!adapter) throw new BackendUnavailable(noAdapterReason);
    const { description: device, software } = summariseAdapter(adapter.info);
    if (software && !request.named) throw softwareRasteriser(device);
    const backend = await importOptional('@tensorflow/tfjs-backend-webgpu');
    if (!backend.ok) throw new BackendUnavailable(`@tensorflow/tfjs-backend-webgpu ${backend.reason}`);
    if (!(await tf.setBackend('webgpu'))) {
      throw new BackendUnavailable(`tfjs could not create a WebGPU device on ${device}`);
    }
    const deviceErrors = collectDeviceErrors();
    await checkArithmetic(device, deviceErrors);
    const warnings = software
      ? [`WebGPU runs on a software rasteriser (${device}): slower than the wasm back end (--backend wasm), far slower than a GPU`]
      : [];
    return { package: '@tensorflow/tfjs-backend-webgpu', device, warnings, deviceErrors };
  },
};

/** Dawn complains on stderr when XDG_RUNTIME_DIR is unset; any private writable folder will do. */
function silenceDawnRuntimeDirectoryWarning(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const folder = join(tmpdir(), `ftd-runtime-${userInfo().uid}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = folder;
  } catch {
    // Only a warning is at stake; leave the variable unset.
  }
}

// Measured on a 2-core CPU, a `small` training step: lavapipe 1.9 img/s, the wasm back end 19.5.
function softwareRasteriser(device: string): BackendUnavailable {
  return new BackendUnavailable(
    `the WebGPU adapter is a software rasteriser (${device}), slower than the wasm back end; ask for it with --backend webgpu`,
  );
}

/** The slice of Dawn's API used here, typed locally: lib.dom's GPU types lag the spec (no `adapter.info`). */
interface DawnGpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<{ readonly info: AdapterInfo } | null>;
}

async function installDawn(): Promise<DawnGpu> {
  const dawn = await importOptional('webgpu');
  if (!dawn.ok) throw new BackendUnavailable(`the Dawn binding (npm webgpu) ${dawn.reason}`);
  const { create, globals } = dawn.module as { create(flags: string[]): DawnGpu; globals: object };
  let gpu: DawnGpu;
  try {
    gpu = create([]);
  } catch (error) {
    throw new BackendUnavailable(`Dawn failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  Object.assign(globalThis, globals);
  const holder = globalThis as { navigator?: object };
  // Node 21+ has a `navigator` object of its own; Node 20 has none.
  if (holder.navigator) Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  return gpu;
}

/** Listens for the errors Dawn raises on tfjs's device (invalid shaders, commands); returns a drain. */
function collectDeviceErrors(): () => string[] {
  const errors: string[] = [];
  const device = (tf.backend() as unknown as { device: EventTarget }).device;
  device.addEventListener('uncapturederror', (event) => {
    errors.push((event as unknown as { error: { message: string } }).error.message);
  });
  return () => errors.splice(0);
}

/** Old lavapipe (Mesa < 25) creates a device and then computes garbage; catch that before training on it. */
async function checkArithmetic(device: string, deviceErrors: () => string[]): Promise<void> {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6], [2, 1])));
  let values: Float32Array | Int32Array | Uint8Array;
  try {
    values = await product.data();
  } catch (error) {
    throw new BackendUnavailable(`WebGPU on ${device} failed a 2x2 matMul: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    product.dispose();
  }
  const errors = deviceErrors();
  if (errors.length > 0) throw new BackendUnavailable(`WebGPU on ${device} failed a 2x2 matMul: ${errors[0]!.split('\n')[0]}`);
  if (values[0] !== 17 || values[1] !== 39) {
    throw new BackendUnavailable(`WebGPU on ${device} computed a 2x2 matMul wrongly ([${[...values]}] instead of [17,39]); update the driver`);
  }
}
