import { startTypeScriptProcess } from '../../util/typescript-process.ts';
import { withoutDawnLimitNotices } from '../backend/dawn-notices.ts';
import { parseChildOutput, type TrainBenchRequest, type TrainBenchRow } from './train-measurement.ts';

/**
 * Times one back end in a child process of its own (see train-bench-child.ts), passing its stderr lines to
 * `log` as they come, so warnings and the adapter's notices are seen while a slow back end runs.
 */
export function runChild(request: TrainBenchRequest, log: (line: string) => void): Promise<TrainBenchRow> {
  return new Promise((resolve, reject) => {
    const child = startTypeScriptProcess(new URL('./train-bench-child.ts', import.meta.url), [JSON.stringify(request)]);
    let stdout = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (shown(line)) log(`  [${request.backend}] ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (shown(pending)) log(`  [${request.backend}] ${pending}`);
      if (code !== 0) {
        resolve({ status: 'failed', backend: request.backend, reason: `its process ended with ${signal ?? `exit code ${code}`}` });
        return;
      }
      try {
        resolve(parseChildOutput(stdout, request.backend));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/**
 * The child's stderr is a socket, where it cannot filter Dawn's native notices itself
 * (`captureNativeStderr`), so they are dropped here.
 */
function shown(line: string): boolean {
  return line.trim() !== '' && withoutDawnLimitNotices(line) !== '';
}
