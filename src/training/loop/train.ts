import { resolve } from 'node:path';
import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import { Rng } from '../../util/rng.ts';
import { BackendFailureError, chooseBackend, describeBackend } from '../backend/index.ts';
import { registerGradients } from '../backend/register-gradients.ts';
import { loadCheckpoint, restoreState, runRecordFormat, runRecordVersion, saveCheckpoint, type RunRecord } from '../checkpoint/index.ts';
import { BatchLoader } from '../data/batch-loader.ts';
import { describeDataset } from '../data/describe-dataset.ts';
import type { DatasetFormat } from '../data/detect-format.ts';
import { openDataset } from '../data/open-dataset.ts';
import { selectSamples } from '../data/select-samples.ts';
import { learningRateAt } from '../method/learning-rate.ts';
import { LearningToMask } from '../model/learning-to-mask.ts';
import { checkInitFilesExist, initBackbones } from '../pretrained/init-backbones.ts';
import { checkTrainingData, summarizeData } from './data-summary.ts';
import { divergenceError } from './divergence.ts';
import { addStep, describeEpoch, emptyEpoch, finishEpoch } from './epoch-metrics.ts';
import { StopRequest } from './interrupt.ts';
import { TrainingProgress } from './progress.ts';
import { checkRunFolder, clearRunFolder } from './run-folder.ts';
import { settingsForNewRun, settingsForResume } from './run-settings.ts';
import { SgdMomentum } from './sgd-momentum.ts';
import { trainStep } from './train-step.ts';
import type { TrainOptions, TrainResult } from './train-options.ts';
import { validate } from './validate.ts';
import { FlagError } from '../../util/flag-error.ts';

/**
 * Trains a learning-to-mask detector: teacher and student together with SGD + momentum, a checkpoint
 * after every epoch, validation AUC per epoch. Every random choice of step s comes from (seed, s) and
 * batch s from the loader's (seed, s), so `resume` continues exactly where a run stopped.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const stream = options.stream ?? process.stderr;
  const say = (line: string) => void stream.write(`${line}\n`);

  // ---- configuration: the preset and flags, or the resumed run's own --------------------------
  const runDirectory = resolve(options.out);
  const folder = await checkRunFolder(runDirectory, options);
  const resumed = options.resume ? await loadCheckpoint(runDirectory) : undefined;
  for (const note of resumed?.notes ?? []) say(`note: ${note}`);
  const { settings, changes } = resumed
    ? settingsForResume(options, resumed.record)
    : { settings: settingsForNewRun(options), changes: [] };
  const { model: modelConfig, train: config } = settings;
  const totalSteps = config.epochs * config.stepsPerEpoch;
  await checkInitFilesExist(settings.init);

  // ---- data --------------------------------------------------------------------------------------
  const dataPath = options.data !== undefined ? resolve(options.data) : resumed?.record.data.source;
  if (dataPath === undefined) throw new FlagError('--data', '--data is required for a new run: a dataset folder or manifest');
  const format = options.data === undefined ? resumed?.record.data.format : undefined;
  const dataset = await openDataset(dataPath, { skipBad: options.skipBad, format: format as DatasetFormat | undefined });
  say(describeDataset(dataset));
  const filter = { types: settings.trainTypes ?? undefined, compressions: settings.compressions ?? undefined };
  const trainSamples = selectSamples(dataset.samples, { ...filter, split: 'train' });
  const valSamples = selectSamples(dataset.samples, { ...filter, split: 'val' });
  const data = summarizeData(dataPath, dataset, settings, trainSamples, valSamples);
  checkTrainingData(data, resumed?.record.data);
  if (valSamples.length === 0) say('note: the dataset has no val split; validation AUC will not be measured');
  const loaderOptions = { imageSize: modelConfig.imageSize, batchSize: config.batchSize, seed: config.seed, skipBad: options.skipBad };
  const trainLoader = new BatchLoader(trainSamples, loaderOptions);
  const valLoader = valSamples.length > 0 ? new BatchLoader(valSamples, loaderOptions) : undefined;

  // ---- back end, model, optimiser ----------------------------------------------------------------
  const backend = await chooseBackend(options.backend ?? 'auto');
  say(`back end: ${describeBackend(backend)}`);
  for (const { name, reason } of backend.skipped) say(`  passed over ${name}: ${reason}`);
  for (const warning of backend.warnings) say(`warning: ${warning}`);
  await registerGradients();
  const checkDevice = (during: string) => {
    const errors = backend.deviceErrors();
    if (errors.length > 0) throw new BackendFailureError(backend, during, errors);
  };
  const model = new LearningToMask(modelConfig, config.seed);
  const init = settings.init === undefined ? { teacher: null, student: null } : await initBackbones(model, settings.init, say).catch((error: unknown) => {
    model.dispose();
    throw error;
  });
  const optimizer = new SgdMomentum(model.namedParameters(), config.momentum);
  const state = () => [...model.namedState('model.'), ...optimizer.namedSlots('optimizer.momentum.')];
  const record: RunRecord = {
    format: runRecordFormat, version: runRecordVersion, preset: settings.preset,
    config: { model: modelConfig, train: config },
    step: 0, epoch: 0, seed: config.seed, status: 'running',
    backend: { name: backend.name, package: backend.package, device: backend.device },
    data, metrics: [], epochInProgress: null, resumes: [], init,
  };
  if (resumed) {
    restoreState(resumed.tensors, state(), resumed.file);
    const { step, epoch, metrics, epochInProgress, resumes } = resumed.record;
    Object.assign(record, { step, epoch, metrics, epochInProgress, resumes: [...resumes, { step, backend: describeBackend(backend), changes }] });
    if (resumed.record.init === undefined) delete record.init;
    else record.init = resumed.record.init;
    say(`resuming ${runDirectory} at step ${step} (epoch ${epoch})${changes.length > 0 ? `, changing ${changes.join(', ')}` : ''}`);
  } else if (folder.replace) {
    await clearRunFolder(runDirectory);
  }
  let lastCheckpoint = resumed ? { step: record.step, epoch: record.epoch } : null;
  const checkpoint = async () => {
    record.data.skipped = [...dataset.skipped, ...trainLoader.skipped, ...(valLoader?.skipped ?? [])];
    await saveCheckpoint(runDirectory, state(), record);
    lastCheckpoint = { step: record.step, epoch: record.epoch };
  };

  // ---- the loop ----------------------------------------------------------------------------------
  const progress = new TrainingProgress({
    totalSteps, startStep: record.step, stepsPerEpoch: config.stepsPerEpoch, batchSize: config.batchSize,
    mode: options.progress ?? 'auto', stream,
  });
  // A caller that runs several trainings (ftd experiment) owns the request, so a signal that arrives between
  // two runs stops the next one before its first step; the bar draws its messages while this run trains.
  const stop = options.stop ?? new StopRequest((line) => progress.log(line));
  const callerLog = stop.log;
  if (options.stop) stop.log = (line) => progress.log(line);
  const batches = trainLoader.stream(record.step);
  let epoch = record.epochInProgress ?? emptyEpoch();
  try {
    for (let step = record.step; step < totalSteps; step++) {
      // A step is synchronous tfjs work and a prefetched batch resolves without yielding to the event loop,
      // so a pending SIGINT handler gets its turn only here.
      await nextTurnOfEventLoop();
      if (stop.signal) break;
      const started = performance.now();
      const { value: batch } = await batches.next();
      const learningRate = learningRateAt(step, config);
      const rng = new Rng([config.seed, 'step', step]);
      const loss = await trainStep(model, optimizer, batch, rng, learningRate, step + 1).catch((error: unknown) => {
        throw divergenceError(error, { step: step + 1, runDirectory, learningRate: config.learningRate, lastCheckpoint }) ?? error;
      });
      checkDevice(`step ${step + 1}`);
      const seconds = (performance.now() - started) / 1000;
      epoch = addStep(epoch, loss, seconds);
      record.step = step + 1;
      progress.step({ step: record.step, loss, learningRate, seconds });

      if (record.step % config.stepsPerEpoch === 0) {
        const validation = valLoader ? await validate(model, valLoader) : null;
        checkDevice(`validation after step ${record.step}`);
        record.epoch = record.step / config.stepsPerEpoch;
        record.metrics.push(finishEpoch(epoch, { epoch: record.epoch, step: record.step, learningRate, batchSize: config.batchSize, validation }));
        record.epochInProgress = null;
        record.status = record.step === totalSteps ? 'finished' : 'running';
        epoch = emptyEpoch();
        await checkpoint();
        progress.log(describeEpoch(record.metrics.at(-1)!, config.epochs));
      }
    }
    if (stop.signal && record.step < totalSteps) {
      record.status = 'interrupted';
      record.epochInProgress = epoch.steps > 0 ? epoch : null;
      await checkpoint();
      progress.log(`${stop.signal}: saved a checkpoint at step ${record.step}; continue with: ftd train --resume --out ${runDirectory}`);
    }
  } catch (error) {
    throw divergenceError(error, { step: record.step, runDirectory, learningRate: config.learningRate, lastCheckpoint }) ?? error;
  } finally {
    progress.stop();
    if (options.stop) stop.log = callerLog;
    else stop.dispose();
    await batches.return?.();
    optimizer.dispose();
    model.dispose();
  }
  const skippedImages = trainLoader.skipped.length + (valLoader?.skipped.length ?? 0);
  if (skippedImages > 0) say(`skipped ${skippedImages} unreadable images (--skip-bad); run.json data.skipped lists them`);
  if (record.step >= totalSteps && record.status !== 'finished') say(`the run had already finished ${record.epoch} epochs; pass a larger --epochs to train on`);
  const interrupted = record.status === 'interrupted' && stop.signal !== undefined;
  return {
    status: interrupted ? 'interrupted' : 'finished',
    ...(interrupted ? { signal: stop.signal } : {}),
    runDirectory, step: record.step, epoch: record.epoch, metrics: record.metrics, backend,
  };
}
