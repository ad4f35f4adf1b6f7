import { build, type BuildOptions } from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { siteBuildOptions } from '../../src/runtime-node/web-server/site-build-options.ts';

/** Source folders and packages that only run under Node. */
const NODE_ONLY = [/^src\/(runtime-node|training|export|cli)\//, /^node_modules\/(onnxruntime-node|sharp|fastify|@fastify|playwright-core|esbuild|@tensorflow\/tfjs-node[^/]*)\//];

/** Problems that would stop `options` from running in a browser: Node built-ins, Node-only packages or folders. */
async function nodeOnlyDependencies(options: BuildOptions, bundled: string[] = []): Promise<string[]> {
  let metafile;
  try {
    ({ metafile } = await build({ ...options, write: false, metafile: true }));
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string }> }).errors ?? [{ text: (error as Error).message }];
    return errors.map((e) => `the browser build fails: ${e.text}`);
  }
  const builtins = new Set(builtinModules);
  const problems: string[] = [];
  for (const [file, output] of Object.entries(metafile!.outputs)) {
    for (const { path } of output.imports) {
      if (path.startsWith('node:') || builtins.has(path)) problems.push(`${file} imports ${path}`);
    }
  }
  bundled.push(...Object.keys(metafile!.inputs));
  for (const input of bundled) {
    if (NODE_ONLY.some((pattern) => pattern.test(input))) problems.push(`bundles ${input}`);
  }
  return problems;
}

describe('runtime-web in a browser bundle', () => {
  const folders: string[] = [];
  const outdir = async () => {
    folders.push(await mkdtemp(join(tmpdir(), 'ftd-node-free-')));
    return folders.at(-1)!;
  };
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('bundles the demo and harness pages for platform browser with no Node built-in or Node-only module', async () => {
    const options = siteBuildOptions(await outdir());
    expect(options.platform).toBe('browser');
    const bundled: string[] = [];
    expect(await nodeOnlyDependencies(options, bundled)).toEqual([]);
    // The pages really contain the adapter and both onnxruntime-web builds it loads.
    expect(bundled).toEqual(expect.arrayContaining(['src/runtime-web/create-detector.ts', 'src/runtime-common/open-detector.ts', 'node_modules/onnxruntime-web/dist/ort.wasm.min.mjs', 'node_modules/onnxruntime-web/dist/ort.min.mjs']));
  });

  it('would catch a Node import (the check can fail)', async () => {
    const options = siteBuildOptions(await outdir());
    const leaky = { ...options, entryPoints: undefined, stdin: { contents: "import { readFile } from 'node:fs'; export const read = readFile;", resolveDir: options.absWorkingDir! } };
    const problems = await nodeOnlyDependencies(leaky);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/node:fs/);
  });

  it('would catch a runtime-node module pulled into the page', async () => {
    const options = siteBuildOptions(await outdir());
    const stdin = { contents: "export { fileModelSource } from './src/runtime-node/file-model-source.ts';", resolveDir: options.absWorkingDir! };
    const problems = await nodeOnlyDependencies({ ...options, entryPoints: undefined, stdin });
    expect(problems.join('\n')).toMatch(/runtime-node|node:/);
  });
});
