import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailable, type BackendCandidate } from './backend-choice.ts';
import { importOptional } from './import-optional.ts';

/**
 * TensorFlow's C library through tfjs-node-gpu (CUDA) or tfjs-node (CPU). Neither is a dependency: they
 * download libtensorflow at install time from outside the npm registry and tfjs-node-gpu pins old CUDA,
 * so they are used only when the user installed one.
 */
const packages = [
  { name: '@tensorflow/tfjs-node-gpu', device: 'CUDA through TensorFlow C library' },
  { name: '@tensorflow/tfjs-node', device: 'CPU through TensorFlow C library' },
] as const;

export const tensorflowBackend: BackendCandidate = {
  name: 'tensorflow',
  async activate() {
    const failures: string[] = [];
    for (const candidate of packages) {
      const imported = await importOptional(candidate.name);
      if (!imported.ok) {
        failures.push(`${candidate.name} ${imported.reason}`);
        continue;
      }
      // Each tfjs-node release depends on its own tfjs-core; a different version installs a second copy,
      // which registers the back end where this program's tfjs-core never sees it.
      if (!tf.findBackendFactory('tensorflow')) {
        failures.push(
          `${candidate.name} loaded but registered on another copy of @tensorflow/tfjs-core ` +
            `(this program uses ${tf.version_core}); install ${candidate.name}@${tf.version_core}`,
        );
        continue;
      }
      if (!(await tf.setBackend('tensorflow'))) {
        failures.push(`${candidate.name} loaded but its back end failed to initialise`);
        continue;
      }
      return { package: candidate.name, device: candidate.device };
    }
    throw new BackendUnavailable(failures.join('; '));
  },
};
