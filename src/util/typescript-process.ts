import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * A child Node process running a TypeScript module with `args`, stdout and stderr piped. There is no build
 * step, so the child loads the source through tsx, the CLI's loader. `nodeOptions` go to Node itself
 * (e.g. --cpu-prof).
 */
export function startTypeScriptProcess(module: URL, args: readonly string[], nodeOptions: readonly string[] = []): ChildProcessByStdio<null, Readable, Readable> {
  const argv = [...nodeOptions, '--import', import.meta.resolve('tsx'), fileURLToPath(module), ...args];
  return spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `module` as `startTypeScriptProcess` does, to the end, and collects its exit code and output. */
export function runTypeScriptProcess(module: URL, args: readonly string[]): Promise<ProcessOutput> {
  return collectOutput(startTypeScriptProcess(module, args));
}

export interface ProcessOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Waits for a child with piped stdout and stderr to close, and collects its exit code and both outputs. */
export function collectOutput(child: ChildProcessByStdio<null, Readable, Readable>): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
