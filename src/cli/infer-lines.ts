import type { ImageScore } from '../runtime-node/infer/run-inference.ts';

/**
 * `ftd infer`'s lines for one input: the verdict (probability, label, path), then one indented line per face
 * of a photo scored per face, or per track of a video, most fake first.
 */
export function inferLines(score: ImageScore): string {
  const prob = score.prob === null ? '-'.padEnd(8) : score.prob.toFixed(6);
  const lines = [`${prob}  ${score.label.padEnd(4)}  ${score.path}`];
  if (score.video) {
    const { tracks, frameSeconds, framesWithoutFace } = score.video;
    tracks.forEach((track, i) => {
      const first = frameSeconds[track.frames[0]!.frame]!;
      const last = frameSeconds[track.frames.at(-1)!.frame]!;
      lines.push(`  track ${i + 1}: ${track.prob.toFixed(6)}  ${track.frames.length} of ${frameSeconds.length} frames, ${first.toFixed(2)}-${last.toFixed(2)} s`);
    });
    if (framesWithoutFace > 0) lines.push(`  ${framesWithoutFace} of ${frameSeconds.length} frames without a face`);
  } else if (score.faces) {
    score.faces.forEach((face, i) => {
      const { x, y, width, height } = face.box;
      lines.push(`  face ${i + 1}: ${face.prob.toFixed(6)}  box ${Math.round(x)},${Math.round(y)} ${Math.round(width)}x${Math.round(height)}  detector ${face.score.toFixed(3)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
