import { describe, expect, it } from 'vitest';
import { formatSelfTime, topSelfTime, type CpuProfile } from '../../../../src/training/bench/cpu-profile.ts';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, url, lineNumber, columnNumber: 0 });

// root -> main -> conv (twice, on two call paths: nodes 3 and 5) and main -> gc. Samples every 10 us from 1000.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), hitCount: 0 },
    { id: 2, callFrame: frame('main', 'file:///repo/src/main.ts', 9), hitCount: 1 },
    { id: 3, callFrame: frame('conv', 'file:///repo/node_modules/@tensorflow/tfjs-backend-cpu/dist/x.js', 99), hitCount: 2 },
    { id: 4, callFrame: frame('(garbage collector)'), hitCount: 1 },
    { id: 5, callFrame: frame('conv', 'file:///repo/node_modules/@tensorflow/tfjs-backend-cpu/dist/x.js', 99), hitCount: 1 },
  ],
  startTime: 1000,
  endTime: 1060,
  samples: [2, 3, 3, 4, 5],
  timeDeltas: [10, 10, 10, 10, 10],
};

// Sums of float microseconds: compare to 1e-9.
const rounded = (entries: ReturnType<typeof topSelfTime>) =>
  entries.map((entry) => ({ ...entry, selfMilliseconds: Number(entry.selfMilliseconds.toFixed(9)), share: Number(entry.share.toFixed(9)) }));

describe('topSelfTime', () => {
  it('sums the time each sample lasts per function over all its call paths, the last sample until endTime', () => {
    // Samples at 1010, 1020, 1030, 1040, 1050; each lasts 10 us, the last 1060 - 1050.
    expect(rounded(topSelfTime(profile))).toEqual([
      { functionName: 'conv', url: 'file:///repo/node_modules/@tensorflow/tfjs-backend-cpu/dist/x.js', line: 100, selfMilliseconds: 0.03, share: 0.6 },
      { functionName: 'main', url: 'file:///repo/src/main.ts', line: 10, selfMilliseconds: 0.01, share: 0.2 },
      { functionName: '(garbage collector)', url: '', line: 0, selfMilliseconds: 0.01, share: 0.2 },
    ]);
  });

  it('counts only samples inside the window, and keeps the limit', () => {
    const top = topSelfTime(profile, { window: [1015, 1040], limit: 1 });
    // 1020 and 1030 are conv, 1040 is the garbage collector.
    expect(rounded(top)).toEqual([{ functionName: 'conv', url: 'file:///repo/node_modules/@tensorflow/tfjs-backend-cpu/dist/x.js', line: 100, selfMilliseconds: 0.02, share: 0.666666667 }]);
  });

  it('shares the duration by hit counts when the profile has no samples', () => {
    const top = topSelfTime({ ...profile, samples: undefined, timeDeltas: undefined });
    expect(rounded(top).map((entry) => [entry.functionName, entry.selfMilliseconds])).toEqual([['conv', 0.036], ['main', 0.012], ['(garbage collector)', 0.012]]);
  });
});

describe('formatSelfTime', () => {
  it('shortens locations to the package, or to the path below the root', () => {
    const lines = formatSelfTime(topSelfTime(profile), '/repo').split('\n');
    expect(lines[0]).toMatch(/^\| self ms \| share \| function +\| where +\|$/);
    expect(lines[2]).toContain('| conv ');
    expect(lines[2]).toContain('| @tensorflow/tfjs-backend-cpu/dist/x.js:100 |');
    expect(lines[3]).toContain('| src/main.ts:10 ');
    expect(lines[2]).toMatch(/^\| +0\.0 \| 60\.0% \|/);
  });
});
