import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BackendUnavailable, type BackendCandidate } from './backend-choice.ts';

/** tfjs's plain JavaScript kernels: always present, exact, and slow for convolutions. */
export const cpuBackend: BackendCandidate = {
  name: 'cpu',
  async activate() {
    if (!(await tf.setBackend('cpu'))) throw new BackendUnavailable('tfjs cpu back end failed to initialise');
    // tfjs prints a banner on first use pointing at tfjs-node; the chooser already says what is slow and
    // what to install in terms of ftd's own flags, so the banner would only repeat it less usefully.
    (tf.backend() as { firstUse?: boolean }).firstUse = false;
    return { package: '@tensorflow/tfjs-backend-cpu', device: 'JavaScript on the main thread' };
  },
};
