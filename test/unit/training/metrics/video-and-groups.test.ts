import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../src/training/metrics/summarize.ts';
import { summarizeByCompression, summarizeByType } from '../../../../src/training/metrics/summarize-groups.ts';
import { videoAuc, videoScores } from '../../../../src/training/metrics/video-scores.ts';

describe('video AUC, summarize and grouped metrics', () => {
  // Videos: A real (0.2, 0.4) -> 0.3; B real (0.6) -> 0.6; C fake (0.5, 0.9) -> 0.7; D fake (0.1) -> 0.1.
  const scores = [0.2, 0.5, 0.4, 0.6, 0.9, 0.1];
  const labels = [0, 1, 0, 0, 1, 1];
  const videos = ['A', 'C', 'A', 'B', 'C', 'D'];

  it('scores each video by its mean frame score, in order of first appearance', () => {
    const perVideo = videoScores(scores, labels, videos);
    expect(perVideo.videos).toEqual(['A', 'C', 'B', 'D']);
    expect(Array.from(perVideo.scores)).toEqual([expect.closeTo(0.3, 12), expect.closeTo(0.7, 12), 0.6, 0.1]);
    expect(Array.from(perVideo.labels)).toEqual([0, 1, 0, 1]);
  });

  it('video AUC compares video means: C beats A and B, D beats neither -> 2/4', () => {
    expect(videoAuc(scores, labels, videos)).toBe(0.5);
  });

  it('summarize returns every metric; frame AUC here is 5/9', () => {
    const metrics = summarize(scores, labels, videos);
    // Fakes 0.5 (beats 0.2, 0.4), 0.9 (beats all 3), 0.1 (beats none) over reals 0.2, 0.4, 0.6.
    expect(metrics.frameAuc).toBeCloseTo(5 / 9, 12);
    expect(metrics.videoAuc).toBe(0.5);
    // ACC: 0.5 (fake, not above 0.5), 0.6 (real) and 0.1 (fake) are wrong -> 3/6.
    expect(metrics.acc).toBe(0.5);
    // ROC (0,0) (0,1/3) (1/3,1/3) (1/3,2/3): FNR = FPR = 1/3 at the last of these.
    expect(metrics.eer).toBeCloseTo(1 / 3, 12);
    // AP: recall 1/3 at precision 1, 2/3 at 2/3, 1 at 1/2 -> 1/3 + 2/9 + 1/6.
    expect(metrics.ap).toBeCloseTo(13 / 18, 12);
    expect(metrics.counts).toEqual({ frames: 6, real: 3, fake: 3, videos: 4 });
    expect(metrics.roc[0]).toEqual({ threshold: Infinity, fpr: 0, tpr: 0 });
    expect(metrics.roc).toHaveLength(7);
    expect(metrics.roc.at(-1)).toEqual({ threshold: 0.1, fpr: 1, tpr: 1 });
  });

  it('per type, each fake type is judged against all the reals', () => {
    // Reals 0.2, 0.4; swap 0.9, 0.8 (beats both); reenact 0.3 (beats 0.2), 0.1 (beats none) -> 1/4.
    const groupScores = [0.2, 0.9, 0.3, 0.4, 0.8, 0.1];
    const groupLabels = [0, 1, 1, 0, 1, 1];
    const groupVideos = ['r1', 's1', 'e1', 'r2', 's2', 'e2'];
    const types = ['real', 'swap', 'reenact', 'real', 'swap', 'reenact'];
    const byType = summarizeByType(groupScores, groupLabels, groupVideos, types);
    expect(Object.keys(byType)).toEqual(['reenact', 'swap']);
    expect(byType.swap!.frameAuc).toBe(1);
    expect(byType.reenact!.frameAuc).toBe(0.25);
    expect(byType.swap!.counts).toEqual({ frames: 4, real: 2, fake: 2, videos: 4 });
  });

  it('per compression, each level stands alone', () => {
    const byCompression = summarizeByCompression([0.2, 0.9, 0.4, 0.1], [0, 1, 0, 1], ['a', 'b', 'c', 'd'], ['c23', 'c23', 'c40', 'c40']);
    expect(byCompression.c23!.frameAuc).toBe(1);
    expect(byCompression.c40!.frameAuc).toBe(0);
    expect(byCompression.c40!.counts.frames).toBe(2);
  });

  it('a group with one class says which group', () => {
    expect(() => summarizeByCompression([0.2, 0.9, 0.4], [0, 1, 0], ['a', 'b', 'c'], ['c23', 'c23', 'c40'])).toThrow(
      /summarize \(compression c40\) needs both real and fake samples; found 0 fake and 1 real/,
    );
    expect(() => summarizeByType([0.2, 0.9], [0, 1], ['a', 'b'], ['real'])).toThrow(/types has 1 values but scores has 2/);
  });
});
