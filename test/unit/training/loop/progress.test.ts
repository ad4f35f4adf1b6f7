import { describe, expect, it } from 'vitest';
import { collectingStream } from '../../../helpers/collecting-stream.ts';
import { formatDuration, TrainingProgress } from '../../../../src/training/loop/progress.ts';

const loss = { total: 2.5, teacherCnn: 0.7, teacherVit: 0.69, diversity: 0.2, student: 1.09 };

describe('TrainingProgress in lines mode (stderr is not a terminal)', () => {
  it('prints the first step, then at most one line per interval, and always the last step', () => {
    const { stream, text } = collectingStream();
    const progress = new TrainingProgress({ totalSteps: 4, startStep: 0, stepsPerEpoch: 2, batchSize: 8, mode: 'auto', stream, lineInterval: 3600 });
    for (let step = 1; step <= 4; step++) progress.step({ step, loss, learningRate: 0.01, seconds: 0.5 });
    progress.log('epoch line');
    progress.stop();
    const lines = text().trimEnd().split('\n');
    expect(lines).toEqual([
      'step 1/4 epoch 1/2 loss 2.500 (cnn 0.700 vit 0.690 div 0.200 student 1.090) lr 1.00e-2 - img/s ETA -',
      'step 4/4 epoch 2/2 loss 2.500 (cnn 0.700 vit 0.690 div 0.200 student 1.090) lr 1.00e-2 16.0 img/s ETA 0s',
      'epoch line',
    ]);
  });

  it('estimates speed without the first (warm-up) step', () => {
    const { stream, text } = collectingStream();
    const progress = new TrainingProgress({ totalSteps: 103, startStep: 100, stepsPerEpoch: 10, batchSize: 4, mode: 'lines', stream, lineInterval: 0 });
    progress.step({ step: 101, loss, learningRate: 0.01, seconds: 30 });
    progress.step({ step: 102, loss, learningRate: 0.01, seconds: 2 });
    expect(text().trimEnd().split('\n')[1]).toMatch(/step 102\/103 epoch 11\/11 .* 2\.0 img\/s ETA 2s$/);
  });

  it('prints nothing in none mode', () => {
    const { stream, text } = collectingStream(true);
    const progress = new TrainingProgress({ totalSteps: 2, startStep: 0, stepsPerEpoch: 2, batchSize: 1, mode: 'none', stream });
    progress.step({ step: 1, loss, learningRate: 0.01, seconds: 1 });
    progress.log('x');
    progress.stop();
    expect(text()).toBe('');
  });
});

describe('formatDuration', () => {
  it('uses the two largest units', () => {
    expect([formatDuration(12.4), formatDuration(302), formatDuration(3720), formatDuration(-1)]).toEqual(['12s', '5m02s', '1h02m', '0s']);
  });
});
