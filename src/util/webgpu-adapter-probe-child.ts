import { summariseAdapter, type AdapterInfo } from './webgpu-adapter.ts';

/**
 * The child process of `probeWebGpuAdapter`: asks Dawn (npm `webgpu`) for the adapter the trainer would get
 * and prints one JSON line on stdout. Whatever Dawn prints on stderr meanwhile stays in this process's pipe.
 */
type Line = { found: true; description: string; software: boolean } | { found: false } | { error: string };

async function probe(): Promise<Line> {
  let dawn: { create(flags: string[]): { requestAdapter(options?: object): Promise<{ info: AdapterInfo } | null> } };
  try {
    dawn = (await import('webgpu')) as unknown as typeof dawn;
  } catch (error) {
    return { error: `the Dawn binding (npm webgpu) did not load: ${error instanceof Error ? error.message : String(error)}` };
  }
  const adapter = await dawn.create([]).requestAdapter({ powerPreference: 'high-performance' });
  return adapter ? { found: true, ...summariseAdapter(adapter.info) } : { found: false };
}

let line: Line;
try {
  line = await probe();
} catch (error) {
  line = { error: `Dawn failed: ${error instanceof Error ? error.message : String(error)}` };
}
// Dawn keeps handles open; leave once the line is written.
process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
