import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withoutDawnLimitNotices } from '../../util/dawn-notices.ts';
import { startTypeScriptProcess } from '../../util/typescript-process.ts';
import { parseChildOutput, type TrainBenchRequest, type TrainBenchRow } from './train-measurement.ts';

/** The file `node --cpu-prof` writes for one back end's child in `directory`; a later run replaces it. */
export function cpuProfilePath(directory: string, backend: string): string {
  return join(directory, `train-${backend}.cpuprofile`);
}

/**
 * Times one back end in a child process of its own (see train-bench-child.ts), passing its stderr lines to
 * `log` as they come, so warnings and the adapter's notices are seen while a slow back end runs. With
 * `cpuProfileDirectory`, the child runs under V8's sampling profiler and writes `cpuProfilePath` as it exits.
 */
export function runChild(request: TrainBenchRequest, log: (line: string) => void, cpuProfileDirectory?: string): Promise<TrainBenchRow> {
  const profiling = cpuProfileDirectory === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfileDirectory];
  return new Promise((resolve, reject) => {
    const child = startTypeScriptProcess(new URL('./train-bench-child.ts', import.meta.url), [JSON.stringify(request)], profiling);
    let stdout = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (shown(line)) log(`  [${request.backend}] ${line}`);
    });
    child.on('error', reject);
    child.on('close', async (code, signal) => {
      if (cpuProfileDirectory !== undefined) {
        try {
          await keepMainThreadProfile(cpuProfileDirectory, child.pid!, request.backend, log);
        } catch (error) {
          log(`  [${request.backend}] could not keep its CPU profile: ${(error as Error).message}`);
        }
      }
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
 * Node writes one profile per thread (CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile); thread 0 is the main
 * thread, where tfjs runs. The others are tsx's module-loader thread, which says nothing about training: they
 * are removed, and the main thread's profile gets a name a user can find.
 */
async function keepMainThreadProfile(directory: string, pid: number, backend: string, log: (line: string) => void): Promise<void> {
  const ours = (await readdir(directory)).filter((name) => name.startsWith('CPU.') && name.includes(`.${pid}.`) && name.endsWith('.cpuprofile'));
  const main = ours.find((name) => new RegExp(`\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(name));
  if (main === undefined) {
    log(`  [${backend}] its process wrote no main-thread CPU profile into ${directory}`);
    return;
  }
  await rename(join(directory, main), cpuProfilePath(directory, backend));
  for (const name of ours) if (name !== main) await rm(join(directory, name), { force: true });
}

/**
 * The child's stderr is a socket, where it cannot filter Dawn's native notices itself
 * (`captureNativeStderr`), so they are dropped here.
 */
function shown(line: string): boolean {
  return line.trim() !== '' && withoutDawnLimitNotices(line) !== '';
}
