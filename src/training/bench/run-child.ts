import { startTypeScriptProcess } from '../../util/typescript-process.ts';
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
      for (const line of lines) if (line.trim() !== '') log(`  [${request.backend}] ${line}`);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pending.trim() !== '') log(`  [${request.backend}] ${pending}`);
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
