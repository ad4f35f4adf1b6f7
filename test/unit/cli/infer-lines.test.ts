import { describe, expect, it } from 'vitest';
import { inferLines } from '../../../src/cli/infer-lines.ts';

const box = { x: 10.4, y: 20.6, width: 30, height: 40.2 };

describe('inferLines', () => {
  it('prints a whole picture\'s verdict on one line', () => {
    expect(inferLines({ key: 'a.png', path: 'a.png', prob: 0.25, label: 'real' })).toBe('0.250000  real  a.png\n');
  });

  it('lists a photo\'s faces under its verdict, and says "no faces" without a probability', () => {
    const face = { box, region: box, score: 0.8123, prob: 0.75 };
    expect(inferLines({ key: 'p.jpg', path: 'p.jpg', prob: 0.75, label: 'fake', faces: [face] })).toBe('0.750000  fake  p.jpg\n  face 1: 0.750000  box 10,21 30x40  detector 0.812\n');
    expect(inferLines({ key: 'q.jpg', path: 'q.jpg', prob: null, label: 'no faces', faces: [] })).toBe('-         no faces  q.jpg\n');
  });

  it('lists a video\'s tracks with their frames and times, and the frames without a face', () => {
    const frame = (i: number) => ({ frame: i, box, score: 0.9, prob: 0.6 });
    const video = { width: 64, height: 48, seconds: 4, frameSeconds: [0.5, 1.5, 2.5, 3.5], framesWithoutFace: 1, tracks: [{ prob: 0.6, frames: [frame(0), frame(2)] }] };
    expect(inferLines({ key: 'v.mp4', path: 'v.mp4', prob: 0.6, label: 'fake', video })).toBe('0.600000  fake  v.mp4\n  track 1: 0.600000  2 of 4 frames, 0.50-2.50 s\n  1 of 4 frames without a face\n');
  });
});
