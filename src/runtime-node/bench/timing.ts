/** Wall-clock timings of repeated runs, warm-up excluded. */
export interface Timing {
  readonly runs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
}

export async function timeRuns(run: () => Promise<unknown>, warmup: number, runs: number): Promise<Timing> {
  // First runs pay for lazy kernel compilation (webgpu shaders, wasm) and memory arenas growing.
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}

export function summarise(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new RangeError('at least one timed run is needed');
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9), minMs: sorted[0]! };
}

/** Linear interpolation between closest ranks, on sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
