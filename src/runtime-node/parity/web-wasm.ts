import { openDetector } from '../../runtime-common/open-detector.ts';
import { runParity, type ParityReport } from '../../runtime-common/run-parity.ts';
import { fileModelSource } from '../file-model-source.ts';
import { webWasmUnavailableReason } from '../web-wasm-availability.ts';
import type { ParityRunOptions, ParityRuntime } from './runtime.ts';

/** onnxruntime-web's wasm EP under Node: the browser's kernels, checked without a browser. */
export function webWasmRuntime(): ParityRuntime {
  return {
    name: 'web-wasm',
    unavailableReason: webWasmUnavailableReason,
    run: (modelFolder, options) => runOnWebWasm(modelFolder, options),
  };
}

async function runOnWebWasm(modelFolder: string, options: ParityRunOptions): Promise<ParityReport> {
  // Loaded here so that a machine without onnxruntime-web can still run the other runtimes.
  const { webWasmSessionFactory } = await import('../web-wasm-session.ts');
  const source = fileModelSource(modelFolder);
  const factory = webWasmSessionFactory();
  const detector = await openDetector(source, factory, { fused: options.fused });
  try {
    return await runParity(detector, source, 'web-wasm', { faceSessions: factory });
  } finally {
    await detector.release();
  }
}
