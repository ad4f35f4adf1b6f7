import { describe, expect, it } from 'vitest';
import { hostCpuSeconds, monotonicMicroseconds } from '../../../../src/training/bench/host-clock.ts';

describe('hostCpuSeconds', () => {
  it("reads the main thread's CPU time on Linux, which grows while the thread computes and not while it sleeps", async () => {
    const before = hostCpuSeconds();
    expect(before.clock).toBe(process.platform === 'linux' ? 'main thread' : 'process');
    const until = monotonicMicroseconds() + 50_000;
    let spin = 0;
    while (monotonicMicroseconds() < until) spin++;
    const busy = hostCpuSeconds();
    expect(spin).toBeGreaterThan(0);
    expect(busy.seconds).toBeGreaterThan(before.seconds);
    if (busy.clock === 'main thread') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Waiting costs the thread (nearly) nothing: far less than the 200 ms that passed.
      expect(hostCpuSeconds().seconds - busy.seconds).toBeLessThan(0.1);
    }
  });
});
