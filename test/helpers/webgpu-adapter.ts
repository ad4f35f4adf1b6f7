import { probeWebGpuAdapter } from '../../src/util/webgpu-adapter-probe.ts';

/**
 * Why tfjs's WebGPU back end cannot run here (Dawn's binding does not load, or it finds no adapter), or null
 * when it can: asked of the same child-process probe `--backend auto` uses, before a test file decides whether
 * to skip (so the test process itself does not load Dawn, nor print its notices, just to decide).
 */
export async function webGpuUnavailableReason(): Promise<string | null> {
  const probe = await probeWebGpuAdapter();
  return probe.state === 'found' ? null : probe.reason;
}
