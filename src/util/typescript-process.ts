import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/**
 * A child Node process running a TypeScript module with `args`, stdout and stderr piped. There is no build
 * step, so the child loads the source through tsx, the CLI's loader.
 */
export function startTypeScriptProcess(module: URL, args: readonly string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), fileURLToPath(module), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
