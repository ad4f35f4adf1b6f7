'use strict';
// The script each pthread worker of tfjs's threaded wasm build runs under Node (see wasm-threads.ts).
//
// tfjs hands Emscripten this worker as a blob: URL, which Node's worker_threads cannot start; wasm-threads.ts
// points Emscripten here instead. This file runs Emscripten's own worker script, the one tfjs would have put
// in the blob (it already supports Node: worker_threads' parentPort, fs-backed importScripts), then makes
// one change: the "load" message carries the main script as a Blob, which importScripts cannot read under
// Node, so it is swapped for the same script as a file in the package.
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');

const mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

// The contents came from a template literal, which turned the script's "\n" escapes into newlines inside
// string literals; tfjs escapes them again before making its blob, and so does this.
new Function('require', '__filename', wasmWorkerContents.replace(/\n/g, '\\n'))(require, __filename);

const emscriptenOnMessage = globalThis.onmessage;
globalThis.onmessage = (event) => {
  if (event.data && event.data.cmd === 'load' && typeof event.data.urlOrBlob !== 'string') event.data.urlOrBlob = mainScript;
  emscriptenOnMessage(event);
};
