import { describe, expect, it } from 'vitest';
import { SerialTask } from '../../../src/serve/serial-task.ts';

describe('SerialTask', () => {
  it('never overlaps runs and folds the requests made during a run into one more run', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    const release: Array<() => void> = [];
    const task = new SerialTask(async () => {
      running++;
      overlapped ||= running > 1;
      runs++;
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
    });
    const first = task.request();
    const during = [task.request(), task.request(), task.request()];
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(1);
    release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    release.shift()!();
    await Promise.all([first, ...during, task.idle()]);
    expect(runs).toBe(2);
    expect(overlapped).toBe(false);
  });
});
