import { runTypeScriptProcess } from '../../util/typescript-process.ts';
import { nodeEpUnavailableReason } from '../ep-probe.ts';
import { nodeSessionFactory, type NodeEp } from '../node-session.ts';
import { webWasmUnavailableReason } from '../web-wasm-availability.ts';
import { measurePipeline, type MeasureOptions, type Pipeline, type PipelineMeasurement } from './measure-detector.ts';

/** Something `ftd bench infer` can time: an onnxruntime-node EP, or onnxruntime-web's wasm at a thread count. */
export interface BenchTarget {
  readonly name: string;
  unavailableReason(): Promise<string | undefined>;
  measure(options: Omit<MeasureOptions, 'pipeline'>, pipelines: readonly Pipeline[]): Promise<PipelineMeasurement[]>;
}

export function nodeTarget(ep: NodeEp): BenchTarget {
  return {
    name: `node-${ep}`,
    unavailableReason: () => nodeEpUnavailableReason(ep),
    measure: async (options, pipelines) => {
      const results = [];
      for (const pipeline of pipelines) results.push(await measurePipeline(nodeSessionFactory(ep).factory, { ...options, pipeline }));
      return results;
    },
  };
}

/** onnxruntime-web's wasm EP under Node at `threads` threads, timed in a child process of its own. */
export function webWasmTarget(threads: number): BenchTarget {
  return {
    name: `web-wasm-${threads}t`,
    unavailableReason: webWasmUnavailableReason,
    measure: (options, pipelines) => runWasmChild<PipelineMeasurement[]>(new URL('./wasm-child.ts', import.meta.url), { ...options, threads, pipelines }),
  };
}

/**
 * Runs a web-wasm timing script in a child process of its own (onnxruntime-web fixes its thread count once per
 * process) with `request` as its one argument, and returns the JSON it prints.
 */
export async function runWasmChild<T>(script: URL, request: object): Promise<T> {
  const { code, stdout, stderr } = await runTypeScriptProcess(script, [JSON.stringify(request)]);
  if (code !== 0) throw new Error(`the web-wasm benchmark process exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return JSON.parse(stdout) as T;
}
