import { browserRuntimes } from './browser.ts';
import { nodeRuntimes } from './node-runtimes.ts';
import type { ParityRuntime } from './runtime.ts';
import { webWasmRuntime } from './web-wasm.ts';

/** Every runtime the parity gate knows, in the order it runs and reports them. */
export function parityRuntimes(): ParityRuntime[] {
  return [...nodeRuntimes(), webWasmRuntime(), ...browserRuntimes()];
}
