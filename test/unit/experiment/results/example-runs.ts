import type { RunResult } from '../../../../src/experiment/runs/run-result.ts';

/** An evaluated run whose video AUCs are its frame AUCs less 0.05, to tell the two apart. */
export function exampleRun(configuration: string, trainTypes: string[] | null, seed: number, frame: Record<string, number>, overall: number): RunResult {
  const pair = (value: number) => ({ frameAuc: value, videoAuc: value - 0.05 });
  return {
    configuration, trainTypes, seed, folder: `/out/runs/${configuration}/seed-${seed}`,
    families: Object.fromEntries(Object.entries(frame).map(([family, value]) => [family, pair(value)])),
    overall: pair(overall),
  };
}

/** The method and the baseline over three seeds, trained on swap; the method once more on every type, one seed. */
export const exampleRuns: RunResult[] = [
  exampleRun('method', ['swap'], 0, { swap: 0.99, reenact: 0.6, texture: 0.7 }, 0.8),
  exampleRun('method', ['swap'], 1, { swap: 0.97, reenact: 0.7, texture: 0.72 }, 0.85),
  exampleRun('method', ['swap'], 2, { swap: 0.98, reenact: 0.65, texture: 0.74 }, 0.82),
  exampleRun('baseline', ['swap'], 0, { swap: 0.99, reenact: 0.55, texture: 0.7 }, 0.78),
  exampleRun('baseline', ['swap'], 1, { swap: 0.99, reenact: 0.66, texture: 0.7 }, 0.8),
  exampleRun('baseline', ['swap'], 2, { swap: 0.97, reenact: 0.6, texture: 0.7 }, 0.79),
  exampleRun('method', null, 0, { swap: 0.99, reenact: 0.98, texture: 0.97 }, 0.98),
];

export const exampleOrder = { configurations: ['method', 'baseline'], trainTypes: [['swap'], null], baseline: 'baseline' };
