import { webWasmSessionFactory } from '../web-wasm-session.ts';
import { measurePipeline, type MeasureOptions, type Pipeline } from './measure-detector.ts';

/**
 * The entry point of a child process that times onnxruntime-web's wasm EP at one thread count: the count is
 * fixed once per process, so each count gets its own (see wasm-target.ts). Arguments: one JSON object;
 * output: one JSON array of measurements on stdout.
 */
const request = JSON.parse(process.argv[2] ?? '{}') as Omit<MeasureOptions, 'pipeline'> & { threads: number; pipelines: Pipeline[] };
const createSession = webWasmSessionFactory({ threads: request.threads });
const measurements = [];
for (const pipeline of request.pipelines) measurements.push(await measurePipeline(createSession, { ...request, pipeline }));
process.stdout.write(JSON.stringify(measurements));
