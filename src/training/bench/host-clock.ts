import { readFileSync } from 'node:fs';
import type { HostClock } from './train-measurement.ts';

/**
 * CPU seconds used so far by the JavaScript main thread, from Linux's per-thread schedstat (nanoseconds).
 * The main thread is what tfjs runs on: on a GPU back end its time is the host's cost of building and
 * dispatching the step, apart from the device (lavapipe's threads, a GPU). Without /proc, the whole process's
 * CPU time is the nearest there is, and `clock` says so.
 */
export function hostCpuSeconds(): { seconds: number; clock: HostClock } {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').trim().split(/\s+/);
    const nanoseconds = Number(fields[0]);
    if (Number.isFinite(nanoseconds)) return { seconds: nanoseconds / 1e9, clock: 'main thread' };
  } catch {
    // Not Linux, or no schedstat: fall through.
  }
  const { user, system } = process.cpuUsage();
  return { seconds: (user + system) / 1e6, clock: 'process' };
}

/** The monotonic clock in microseconds: the clock of the timestamps in V8's .cpuprofile files. */
export function monotonicMicroseconds(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
