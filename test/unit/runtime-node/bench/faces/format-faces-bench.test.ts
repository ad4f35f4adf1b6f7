import { describe, expect, it } from 'vitest';
import { formatFacesBench } from '../../../../../src/runtime-node/bench/faces/format-faces-bench.ts';

const timing = (medianMs: number) => ({ runs: 3, medianMs, p90Ms: medianMs, minMs: medianMs });

describe('formatFacesBench', () => {
  it('prints one row per runtime with time per photo, the face detector\'s share and faces per second, then the video\'s line', () => {
    const text = formatFacesBench({
      model: { folder: 'models/x', name: 'small', inputSize: 64 },
      machine: { cpu: 'AMD EPYC', cores: 2, node: 'v20.0.0' },
      settings: { warmup: 1, runs: 3, photos: ['a.jpg', 'b.jpg'] },
      photos: [{ target: 'node-cpu', ep: 'cpu', photos: 2, faces: 5, pass: timing(400), detectPass: timing(300), facesPerSecond: 12.5, photosPerSecond: 5 }],
      video: { target: 'node-cpu', file: 'v.mp4', ep: 'cpu', video: { width: 1280, height: 720, seconds: 60 }, frames: 32, faces: 64, decodeSeconds: 3.2, faceSeconds: 6.4, secondsPerFrame: 0.3 },
      skipped: [{ target: 'node-cuda', reason: 'no CUDA' }],
      errors: [{ target: 'web-wasm-2t', message: 'it broke' }],
    });
    expect(text).toContain('small (64 px faces) on AMD EPYC x 2, Node v20.0.0');
    expect(text).toMatch(/\| node-cpu +\| cpu +\| +2 \| +5 \| +200 \| +75 % \| +12\.5 \|/);
    expect(text).toContain('32 frames sampled from 60 s of 1280x720: 9.6 s (ffmpeg 3.2 s, faces 6.4 s; 64 faces); 300 ms a frame, so one frame a second costs 18.0 s per minute of video');
    expect(text).toContain('node-cuda: skipped: no CUDA');
    expect(text).toContain('web-wasm-2t: failed: it broke');
  });
});
