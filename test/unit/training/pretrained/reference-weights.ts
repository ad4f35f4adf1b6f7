import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPython } from '../../../../src/training/bench/run-reference.ts';
import { decodeSafetensors, type StoredTensor } from '../../../../src/training/checkpoint/safetensors.ts';

const script = fileURLToPath(new URL('./make_reference_weights.py', import.meta.url));

/** Why the PyTorch-made files cannot be made here (Debian's python3-torch, -torchvision, -h5py), or null. */
export function referenceWeightsUnavailable(): string | null {
  const probe = spawnSync(defaultPython, ['-c', 'import torch, torchvision, h5py'], { encoding: 'utf8' });
  if (probe.error) return `${defaultPython} does not run (${probe.error.message})`;
  if (probe.status !== 0) {
    const missing = probe.stderr.match(/No module named '(\w+)'/)?.[1] ?? 'torch, torchvision or h5py';
    return `${defaultPython} has no ${missing} (apt-get install python3-torch python3-torchvision python3-h5py)`;
  }
  return null;
}

/** The request the files are made with: 48 px inputs (2x2 feature maps), and narrow networks where full width is not the point. */
export const referenceRequest = {
  size: 48,
  batch: 2,
  seed: 0,
  keras: { widthMultiplier: 0.25, middleBlocks: 8 },
  timmNarrow: { widthMultiplier: 0.0625, middleBlocks: 0 },
};

export interface ReferenceWeights {
  readonly folder: string;
  /** `input` [N, 3, S, S] and each network's PyTorch features, NCHW. */
  readonly features: Map<string, StoredTensor>;
}

/** Runs make_reference_weights.py into a new temporary folder (about 230 MB) and reads its features. */
export async function makeReferenceWeights(): Promise<ReferenceWeights> {
  const folder = await mkdtemp(join(tmpdir(), 'ftd-reference-weights-'));
  const run = spawnSync(defaultPython, [script, folder, JSON.stringify(referenceRequest)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (run.status !== 0) throw new Error(`make_reference_weights.py failed (${run.status ?? run.signal}): ${run.stderr}`);
  const features = decodeSafetensors(await readFile(join(folder, 'features.safetensors')), 'features.safetensors').tensors;
  return { folder, features };
}
