import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceOutputs } from '../../../src/export/reference-outputs.ts';
import { topKMask } from '../../../src/runtime-common/topk-mask.ts';
import { featureGrid, presets } from '../../../src/training/config.ts';
import { LearningToMask } from '../../../src/training/model/learning-to-mask.ts';
import { Rng } from '../../../src/util/rng.ts';

beforeAll(() => tf.setBackend('cpu'));

describe('reference outputs of a model with the random mask strategy', () => {
  it('hold the mask a runtime draws from the reference inputs and model.json\'s seed', () => {
    const config = { ...presets.tiny.model, maskStrategy: 'random' as const };
    const { h, w, k } = featureGrid(config);
    const size = config.imageSize;
    const rng = new Rng([3, 'reference images']);
    const images = Array.from({ length: 3 }, () => Float32Array.from({ length: size * size * 3 }, () => rng.uniform()));
    const reference = referenceOutputs(new LearningToMask(config, 2), images, size, 13);
    const input = reference.inputs[0]!.data as Float32Array;
    const attention = reference.outputs.find((output) => output.name === 'attention')!.data as Float32Array;
    const mask = reference.outputs.find((output) => output.name === 'mask')!.data as Float32Array;
    expect([...mask]).toEqual([...topKMask(attention, 3, h * w, k, 'random', 13, input)]);
    expect(mask.filter((bit) => bit === 0)).toHaveLength(3 * k);
  });
});
