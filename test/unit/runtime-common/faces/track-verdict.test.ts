import { describe, expect, it } from 'vitest';
import { linkTracks } from '../../../../src/runtime-common/faces/face-tracks.ts';
import { scoreTracks } from '../../../../src/runtime-common/faces/track-verdict.ts';

const face = (x: number, prob: number) => ({ box: { x, y: 0, width: 10, height: 10 }, score: 0.8, prob });

describe('scoreTracks', () => {
  it('scores each track by the mean probability of its faces, most fake first', () => {
    const tracks = linkTracks([[face(0, 0.2), face(50, 0.9)], [face(1, 0.4), face(51, 0.5)], [face(2, 0.3)]]);
    const scored = scoreTracks(tracks);
    expect(scored.map((track) => track.frames.map((f) => f.frame))).toEqual([[0, 1], [0, 1, 2]]);
    expect(scored[0]!.prob).toBeCloseTo(0.7, 12);
    expect(scored[1]!.prob).toBeCloseTo(0.3, 12);
    expect(scored[0]!.frames[1]).toEqual({ frame: 1, box: { x: 51, y: 0, width: 10, height: 10 }, score: 0.8, prob: 0.5 });
    expect(scoreTracks([])).toEqual([]);
  });
});
