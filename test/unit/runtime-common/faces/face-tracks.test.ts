import { describe, expect, it } from 'vitest';
import { intersectionOverUnion } from '../../../../src/runtime-common/faces/box-overlap.ts';
import { linkTracks } from '../../../../src/runtime-common/faces/face-tracks.ts';

const box = (x: number, y: number, side = 10) => ({ box: { x, y, width: side, height: side } });

describe('intersectionOverUnion', () => {
  it('is 1 for one box, the shared area over the joint area for overlapping ones, 0 for apart or touching ones', () => {
    expect(intersectionOverUnion({ x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 10, height: 10 })).toBe(1);
    expect(intersectionOverUnion({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150, 12);
    expect(intersectionOverUnion({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    expect(intersectionOverUnion({ x: 0, y: 0, width: 10, height: 10 }, { x: 50, y: 50, width: 10, height: 10 })).toBe(0);
  });
});

describe('linkTracks', () => {
  it('follows two faces drifting across frames as two tracks, in the order they appeared', () => {
    const frames = [0, 1, 2, 3].map((t) => [box(10 + 2 * t, 10), box(60 - 2 * t, 12 + t)]);
    const tracks = linkTracks(frames);
    expect(tracks).toHaveLength(2);
    expect(tracks[0]!.faces.map((f) => [f.frame, f.face.box.x])).toEqual([[0, 10], [1, 12], [2, 14], [3, 16]]);
    expect(tracks[1]!.faces.map((f) => [f.frame, f.face.box.x])).toEqual([[0, 60], [1, 58], [2, 56], [3, 54]]);
  });

  it('gives each track at most one face per frame: the better-overlapping face joins, the other starts a track', () => {
    const tracks = linkTracks([[box(0, 0)], [box(1, 0), box(4, 0)]]);
    expect(tracks.map((t) => t.faces.map((f) => [f.frame, f.face.box.x]))).toEqual([[[0, 0], [1, 1]], [[1, 4]]]);
  });

  it('bridges a face missed for up to maximumGap frames and starts a new track after a longer gap', () => {
    const missedTwice = linkTracks([[box(0, 0)], [], [], [box(1, 0)]]);
    expect(missedTwice).toHaveLength(1);
    expect(missedTwice[0]!.faces.map((f) => f.frame)).toEqual([0, 3]);
    expect(linkTracks([[box(0, 0)], [], [], [box(1, 0)]], { maximumGap: 1 })).toHaveLength(2);
  });

  it('does not link boxes that overlap less than minimumOverlap', () => {
    expect(linkTracks([[box(0, 0)], [box(6, 0)]])).toHaveLength(2); // IoU 40/160 = 0.25
    expect(linkTracks([[box(0, 0)], [box(6, 0)]], { minimumOverlap: 0.2 })).toHaveLength(1);
    expect(linkTracks([])).toEqual([]);
  });
});
