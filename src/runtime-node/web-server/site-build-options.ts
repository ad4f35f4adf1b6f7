import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The package root: source paths and the build cache are resolved from it, never from the working directory. */
export const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The browser pages: their script entry (bundled) and their HTML (copied), by the name each is served under. */
export const sitePages = [
  { name: 'demo', script: 'src/runtime-web/demo/demo.ts', html: 'src/runtime-web/demo/index.html', servedAs: 'index.html' },
  { name: 'photos', script: 'src/runtime-web/photos/photos-page.ts', html: 'src/runtime-web/photos/index.html', servedAs: 'photos.html' },
  { name: 'harness', script: 'src/runtime-web/harness/harness.ts', html: 'src/runtime-web/harness/index.html', servedAs: 'harness.html' },
] as const;

/**
 * esbuild settings for the browser pages. `onnxruntime-web-use-extern-wasm` picks the onnxruntime-web build
 * that loads its wasm glue (ort-wasm-*.mjs) from `wasmPaths` instead of inlining it: the inlined glue starts
 * its worker threads from the importing script's own URL, which after bundling is the page's whole bundle.
 */
export function siteBuildOptions(outdir: string): BuildOptions & { metafile: true } {
  return {
    absWorkingDir: packageRoot,
    // Each page's script is served beside its HTML as <name>.js, the name its <script> tag asks for.
    entryPoints: Object.fromEntries(sitePages.map((page) => [page.name, page.script])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    conditions: ['onnxruntime-web-use-extern-wasm'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  };
}
