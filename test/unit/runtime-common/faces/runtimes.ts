import type { SessionFactory } from '../../../../src/runtime-common/session.ts';
import { nodeSessionFactory } from '../../../../src/runtime-node/node-session.ts';
import { webWasmUnavailableReason } from '../../../../src/runtime-node/web-wasm-availability.ts';

/** The runtimes the face tests run face.onnx on: onnxruntime-node's cpu EP and onnxruntime-web's wasm EP under Node. */
export const faceRuntimes: Array<{ name: string; unavailable: string | undefined; factory: () => Promise<SessionFactory> }> = [
  { name: 'node-cpu', unavailable: undefined, factory: async () => nodeSessionFactory('cpu').factory },
  {
    name: 'web-wasm',
    unavailable: await webWasmUnavailableReason(),
    factory: async () => (await import('../../../../src/runtime-node/web-wasm-session.ts')).webWasmSessionFactory(),
  },
];
for (const runtime of faceRuntimes) if (runtime.unavailable) console.warn(`skipping ${runtime.name}: ${runtime.unavailable}`);
