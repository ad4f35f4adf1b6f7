import { Rng } from '../../util/rng.ts';
import { BackendFailureError, chooseBackend, registerGradients } from '../backend/index.ts';
import { presets } from '../config.ts';
import type { ImageBatch } from '../data/batch-loader.ts';
import { SgdMomentum } from '../loop/sgd-momentum.ts';
import { trainStep } from '../loop/train-step.ts';
import { LearningToMask } from '../model/learning-to-mask.ts';
import { hostCpuSeconds, monotonicMicroseconds } from './host-clock.ts';
import { countKernels } from './kernel-counter.ts';
import type { TrainBenchRequest, TrainMeasurement } from './train-measurement.ts';

/**
 * Times `trainStep` (upload, forward with batch statistics, loss, gradients, SGD + momentum update, loss
 * read-back) on the requested back end, in this process. Batches are random pixels made before timing
 * starts, so image decoding and loading are not measured: this is the trainer's compute ceiling.
 */
export async function measureTraining(request: TrainBenchRequest): Promise<TrainMeasurement> {
  const preset = presets[request.preset];
  const backend = await chooseBackend(request.backend);
  await registerGradients();
  const model = new LearningToMask(preset.model, request.seed);
  const optimizer = new SgdMomentum(model.namedParameters(), preset.train.momentum);
  // Two batches in turn: a back end cannot serve a repeated upload from a cache, and no more memory is held.
  const batches = [0, 1].map((i) => randomBatch(preset.model.imageSize, request.batchSize, new Rng([request.seed, 'bench-batch', i])));
  const step = async (index: number) => {
    await trainStep(model, optimizer, batches[index % 2]!, new Rng([request.seed, 'step', index]), preset.train.learningRate, index + 1);
    const errors = backend.deviceErrors();
    if (errors.length > 0) throw new BackendFailureError(backend, `benchmark step ${index + 1}`, errors);
  };
  try {
    // The first warm-up step (warmup >= 1, checked by the caller) is timed on its own: it compiles kernels.
    let started = performance.now();
    await step(0);
    const firstStepSeconds = (performance.now() - started) / 1000;
    for (let i = 1; i < request.warmup; i++) await step(i);
    // Counted on an extra untimed step, so that counting cannot slow a timed one.
    const counted = await countKernels(() => step(request.warmup));
    await settle(optimizer);
    const firstTimed = request.warmup + 1;
    const stepSeconds: number[] = [];
    const hostBefore = hostCpuSeconds();
    const windowStart = monotonicMicroseconds();
    for (let i = 0; i < request.steps; i++) {
      started = performance.now();
      await step(firstTimed + i);
      // The update is queued after the loss is read; wait for it so the last step's time is complete.
      if (i === request.steps - 1) await settle(optimizer);
      stepSeconds.push((performance.now() - started) / 1000);
    }
    const windowEnd = monotonicMicroseconds();
    const hostAfter = hostCpuSeconds();
    const total = stepSeconds.reduce((sum, seconds) => sum + seconds, 0);
    return {
      status: 'measured',
      backend: backend.name,
      package: backend.package,
      device: backend.device,
      warnings: [...backend.warnings],
      preset: request.preset,
      imageSize: preset.model.imageSize,
      batchSize: request.batchSize,
      warmup: request.warmup,
      steps: request.steps,
      firstStepSeconds,
      stepSeconds,
      imagesPerSecond: (request.batchSize * request.steps) / total,
      parameters: model.parameterCount(),
      kernelsPerStep: counted.kernels,
      ...(counted.gpuPrograms === undefined ? {} : { gpuProgramsPerStep: counted.gpuPrograms }),
      kernelCounts: counted.byName,
      hostSecondsPerStep: (hostAfter.seconds - hostBefore.seconds) / request.steps,
      hostClock: hostAfter.clock,
      timedWindowMicroseconds: [windowStart, windowEnd],
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Random pixels in [0, 1), half the labels fake. */
function randomBatch(imageSize: number, batchSize: number, rng: Rng): ImageBatch {
  const images = Float32Array.from({ length: batchSize * imageSize * imageSize * 3 }, () => rng.uniform());
  const labels = Float32Array.from({ length: batchSize }, (_, i) => i % 2);
  return { images, labels, samples: [], n: batchSize, imageSize };
}

/** Waits until every queued update has run, by reading back the last parameter it wrote. */
async function settle(optimizer: SgdMomentum): Promise<void> {
  await optimizer.variables.at(-1)!.data();
}
