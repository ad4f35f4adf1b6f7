import {
  BackendUnavailable,
  BackendUnavailableError,
  backendRequests,
  type BackendCandidate,
  type BackendChoice,
  type BackendName,
  type BackendRequest,
} from './backend-choice.ts';
import { cpuBackend } from './cpu-backend.ts';
import { tensorflowBackend } from './tensorflow-backend.ts';
import { wasmBackend } from './wasm-backend.ts';
import { webgpuBackend } from './webgpu-backend.ts';

/**
 * Fastest first: TensorFlow's C library when installed, then WebGPU on a hardware adapter, then WebAssembly
 * (XNNPACK), then plain JavaScript. Ordered as `backendNames` is.
 */
export const defaultCandidates: readonly BackendCandidate[] = [tensorflowBackend, webgpuBackend, wasmBackend, cpuBackend];

const slowCpuWarning =
  'training on tfjs\'s cpu back end will be slow (a training step runs about 20x slower than on the wasm back end, ' +
  'which is tried first: see why it was skipped); install @tensorflow/tfjs-node for the TensorFlow back end';

/**
 * Activates the requested tfjs back end. `auto` tries each candidate in order and keeps the first that
 * starts, recording why the ones before it were passed over; a named back end that cannot start is an
 * error, never a silent fallback, because a user who names one is measuring or deploying on it.
 */
export async function chooseBackend(
  request: BackendRequest,
  candidates: readonly BackendCandidate[] = defaultCandidates,
): Promise<BackendChoice> {
  if (!(backendRequests as readonly string[]).includes(request)) {
    throw new RangeError(`--backend must be one of ${backendRequests.join(', ')}; got "${String(request)}"`);
  }
  const tried = request === 'auto' ? candidates : candidates.filter((candidate) => candidate.name === request);
  if (tried.length === 0) {
    throw new RangeError(`--backend ${request}: no such candidate among ${candidates.map((c) => c.name).join(', ')}`);
  }
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  for (const candidate of tried) {
    try {
      const started = await candidate.activate({ named: request !== 'auto' });
      const warnings = [...(started.warnings ?? [])];
      if (candidate.name === 'cpu' && request === 'auto') warnings.push(slowCpuWarning);
      const deviceErrors = started.deviceErrors ?? (() => []);
      return { name: candidate.name, package: started.package, device: started.device, skipped, warnings, deviceErrors };
    } catch (error) {
      if (!(error instanceof BackendUnavailable)) throw error;
      skipped.push({ name: candidate.name, reason: error.reason });
    }
  }
  throw new BackendUnavailableError(request, skipped);
}
