import { BackendUnavailableError } from '../backend/index.ts';
import { measureTraining } from './measure-training.ts';
import type { TrainBenchRequest, TrainBenchRow } from './train-measurement.ts';

/**
 * The entry point of a child process that times one back end: tfjs keeps one active back end per process
 * and Dawn cannot be started twice in one, so each back end gets a process of its own. Argument: one JSON
 * TrainBenchRequest; output: one JSON TrainBenchRow as the last line of stdout.
 */
const request = JSON.parse(process.argv[2] ?? '{}') as TrainBenchRequest;
let row: TrainBenchRow;
try {
  row = await measureTraining(request);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  row = { status: error instanceof BackendUnavailableError ? 'unavailable' : 'failed', backend: request.backend, reason };
}
// Dawn's device can keep the event loop alive; once the result is out there is nothing left to wait for.
process.stdout.write(`\n${JSON.stringify(row)}\n`, () => process.exit(0));
