import type * as OrtModule from 'onnxruntime-web';
import { OrtSession } from '../runtime-common/ort-session.ts';
import type { GraphRole, Session, SessionFactory } from '../runtime-common/session.ts';

export type WebEp = 'wasm' | 'webgpu';
type Ort = typeof OrtModule;

export interface WasmSettings {
  /** Threads of the wasm module; more than 1 needs a cross-origin isolated page. */
  readonly threads?: number;
  /** Where onnxruntime-web's dist files (ort-wasm-*.mjs / .wasm) are served, as a folder URL. */
  readonly wasmPaths: string;
}

/**
 * The wasm EP loads onnxruntime-web's plain build: its .wasm is half the size of the WebGPU-capable one and
 * compiles in half the time, which dominates opening a small model.
 */
const builds: Record<WebEp, () => Promise<Ort>> = {
  wasm: () => import('onnxruntime-web/wasm'),
  webgpu: () => import('onnxruntime-web'),
};

let pageThreads: number | undefined;

/**
 * A session factory for exactly one EP (no fallback list, so a result always says which EP produced it),
 * with the wasm threads and file location set before the first session. onnxruntime-web reads them once per
 * page, so a different thread count later is refused rather than silently ignored. Threads are always set
 * explicitly: onnxruntime-web's own default is half the cores, i.e. 1 on a 2-core machine.
 */
export async function ortWebSessionFactory(ep: WebEp, settings: WasmSettings): Promise<{ factory: SessionFactory; threads: number }> {
  if (ep !== 'wasm' && ep !== 'webgpu') throw new RangeError(`ep must be "wasm" or "webgpu", found ${JSON.stringify(ep)}`);
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = settings.threads ?? (isolated ? Math.min(navigator.hardwareConcurrency || 1, 8) : 1);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, found ${threads}`);
  if (threads > 1 && !isolated) {
    throw new RangeError(`threads ${threads} needs a cross-origin isolated page (COOP same-origin and COEP require-corp on every response), and this page is not; serve it so, or ask for threads: 1`);
  }
  if (pageThreads !== undefined && pageThreads !== threads) {
    throw new RangeError(`onnxruntime-web already runs ${pageThreads} wasm thread(s) in this page; ${threads} needs a page reload`);
  }
  if (ep === 'webgpu' && !(await webGpuAdapterAvailable())) {
    throw new RangeError('the webgpu EP needs a WebGPU adapter and this browser offers none (Chromium: --enable-unsafe-webgpu); use ep: "wasm"');
  }
  const ort = await builds[ep]();
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = settings.wasmPaths.endsWith('/') ? settings.wasmPaths : `${settings.wasmPaths}/`;
  pageThreads = threads;
  const factory = async (model: Uint8Array, role: GraphRole): Promise<Session> => {
    try {
      return new OrtSession(await ort.InferenceSession.create(model, { executionProviders: [ep], graphOptimizationLevel: 'all' }), ort.Tensor, ep);
    } catch (error) {
      throw new Error(`onnxruntime-web could not create the ${role} session on ${ep}: ${(error as Error).message}`);
    }
  };
  return { factory, threads };
}


/** Whether the browser offers any WebGPU adapter (navigator.gpu is absent from TypeScript's DOM types here). */
export async function webGpuAdapterAvailable(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  return gpu !== undefined && (await gpu.requestAdapter()) !== null;
}
