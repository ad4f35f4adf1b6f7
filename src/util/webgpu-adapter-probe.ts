import { withoutDawnLimitNotices } from './dawn-notices.ts';
import { startTypeScriptProcess } from './typescript-process.ts';
import type { WebGpuAdapterSummary } from './webgpu-adapter.ts';

/**
 * What WebGPU adapter this machine offers, asked of Dawn (npm `webgpu`) in a child process. Dawn prints its
 * limit-clamp notices from native code on stderr while it enumerates adapters (see dawn-notices.ts), which no
 * JavaScript can filter when stderr is a regular file; in a child they land in a pipe that is dropped. So a
 * command that only needs to know "is the WebGPU adapter a CPU rasteriser?" to pass over it (`--backend auto`,
 * `--ep auto`) never loads Dawn itself. onnxruntime's webgpu EP picks its adapter from the same Vulkan drivers.
 */
export type WebGpuAdapterProbe =
  | ({ readonly state: 'found' } & WebGpuAdapterSummary)
  | { readonly state: 'none'; readonly reason: string }
  /** The question went unanswered (binding missing, child crashed or hung): decide as if not asked. */
  | { readonly state: 'unknown'; readonly reason: string };

/** How long the child may take; Dawn answers in well under a second even on lavapipe. */
export const PROBE_TIMEOUT_MS = 20_000;

export const noAdapterReason =
  'Dawn found no WebGPU adapter (no Vulkan driver; without a GPU install Mesa >= 25 lavapipe, ' +
  'e.g. mesa-vulkan-drivers from bookworm-backports)';

let probed: Promise<WebGpuAdapterProbe> | undefined;

/** The adapter `requestAdapter({ powerPreference: 'high-performance' })` returns; asked once per process. */
export function probeWebGpuAdapter(): Promise<WebGpuAdapterProbe> {
  probed ??= runProbe(PROBE_TIMEOUT_MS);
  return probed;
}

/** The description of the adapter, or undefined when there is none or the probe could not tell. */
export async function webGpuAdapter(): Promise<WebGpuAdapterSummary | undefined> {
  const probe = await probeWebGpuAdapter();
  return probe.state === 'found' ? { description: probe.description, software: probe.software } : undefined;
}

/** Exported for tests (timeout); everything else goes through the memoised `probeWebGpuAdapter`. */
export function runProbe(timeoutMs: number, script: URL = new URL('./webgpu-adapter-probe-child.ts', import.meta.url)): Promise<WebGpuAdapterProbe> {
  return new Promise((resolve) => {
    let running: ReturnType<typeof startTypeScriptProcess>;
    try {
      running = startTypeScriptProcess(script, []);
    } catch (error) {
      resolve({ state: 'unknown', reason: `the WebGPU adapter probe did not start: ${(error as Error).message}` });
      return;
    }
    let stdout = '';
    let stderr = '';
    let settled = false;
    const settle = (probe: WebGpuAdapterProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(probe);
    };
    const timer = setTimeout(() => {
      running.kill('SIGKILL');
      settle({ state: 'unknown', reason: `the WebGPU adapter probe gave no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    running.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    running.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    running.on('error', (error) => settle({ state: 'unknown', reason: `the WebGPU adapter probe did not start: ${error.message}` }));
    running.on('close', (code, signal) => settle(interpret(stdout, stderr, code, signal)));
  });
}

function interpret(stdout: string, stderr: string, code: number | null, signal: NodeJS.Signals | null): WebGpuAdapterProbe {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let line: { found?: boolean; description?: unknown; software?: unknown; error?: unknown } | undefined;
  try {
    line = JSON.parse(last) as typeof line;
  } catch {
    line = undefined;
  }
  if (line?.found === true && typeof line.description === 'string' && typeof line.software === 'boolean') {
    return { state: 'found', description: line.description, software: line.software };
  }
  if (line?.found === false) return { state: 'none', reason: noAdapterReason };
  if (typeof line?.error === 'string') return { state: 'unknown', reason: line.error };
  // A crash: its own words, less Dawn's notices, are the only explanation there is.
  const said = withoutDawnLimitNotices(stderr).trim().split('\n').at(-1);
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return { state: 'unknown', reason: `the WebGPU adapter probe ${how} without an answer${said ? `: ${said}` : ''}` };
}
