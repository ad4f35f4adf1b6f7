import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelConfig, Preset, TrainConfig } from '../config.ts';
import { parseChildOutput, referenceName, type TrainBenchRow } from './train-measurement.ts';

/** Debian's Python, for which python3-torch is packaged; the first `python3` on PATH may be another. */
export const defaultPython = '/usr/bin/python3';

const installHint = 'apt-get install python3-torch';

export interface ReferenceRequest {
  preset: Preset['name'];
  model: ModelConfig;
  train: Pick<TrainConfig, 'momentum' | 'learningRate'>;
  batchSize: number;
  warmup: number;
  steps: number;
  /** PyTorch's intra-op threads: the machine's cores, as the tfjs back ends may use them all too. */
  threads: number;
  seed: number;
}

/**
 * Times the PyTorch mirror of the model (pytorch_reference.py) under `python`, passing it the preset's own
 * config as JSON so both sides train the same architecture. A Python or a torch that is not there gives an
 * `unavailable` row saying what to install, never a failure of the benchmark.
 */
export function runReference(request: ReferenceRequest, python: string, log: (line: string) => void): Promise<TrainBenchRow> {
  const script = fileURLToPath(new URL('./pytorch_reference.py', import.meta.url));
  const { model, train, ...rest } = request;
  const payload = JSON.stringify({ mode: 'measure', ...rest, model, momentum: train.momentum, learningRate: train.learningRate });
  return new Promise((resolve) => {
    const child = spawn(python, [script, payload], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? `${python} does not exist (${installHint})` : `${python} could not start: ${error.message}`;
      resolve({ status: 'unavailable', backend: referenceName, reason });
    });
    child.on('close', (code, signal) => {
      for (const line of stderr.split('\n')) if (line.trim() !== '') log(`  [${referenceName}] ${line}`);
      if (code !== 0) {
        const last = stderr.trim().split('\n').at(-1) ?? '';
        resolve({ status: 'failed', backend: referenceName, reason: `${python} ended with ${signal ?? `exit code ${code}`}${last ? `: ${last}` : ''}` });
        return;
      }
      try {
        resolve(parseChildOutput(stdout, referenceName));
      } catch (error) {
        resolve({ status: 'failed', backend: referenceName, reason: (error as Error).message });
      }
    });
  });
}
