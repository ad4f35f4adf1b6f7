import { webWasmSessionFactory } from '../../web-wasm-session.ts';
import { measureFaces, type MeasureFacesOptions } from './measure-faces.ts';

/**
 * The entry point of a child process that times whole photos on onnxruntime-web's wasm EP at one thread count
 * (fixed once per process). Argument: one JSON object; output: one JSON measurement on stdout.
 */
const request = JSON.parse(process.argv[2] ?? '{}') as MeasureFacesOptions & { threads: number };
process.stdout.write(JSON.stringify(await measureFaces(webWasmSessionFactory({ threads: request.threads }), request)));
