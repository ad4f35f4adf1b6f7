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
