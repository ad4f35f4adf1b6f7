/**
 * The response headers that make a page cross-origin isolated, which browsers require before they give it
 * SharedArrayBuffer and so multi-threaded wasm. They must be on every response the page depends on (the page,
 * its scripts, the .wasm, the model files): onnxruntime-web's session creation hangs when a worker's script
 * lacks them.
 */
export const crossOriginIsolationHeaders = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
} as const;
