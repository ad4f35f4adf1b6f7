import { markdownTable } from '../../../util/markdown-table.ts';
import type { BenchFacesResult } from './bench-faces.ts';

/** The photos table (one row per runtime) and the video's line, as `ftd bench faces` prints them. */
export function formatFacesBench(result: Omit<BenchFacesResult, 'table'>): string {
  const { model, machine, settings } = result;
  const rows = result.photos.map((m) => [
    m.target,
    m.ep,
    String(m.photos),
    String(m.faces),
    (m.pass.medianMs / m.photos).toFixed(0),
    `${((100 * m.detectPass.medianMs) / m.pass.medianMs).toFixed(0)} %`,
    m.facesPerSecond.toFixed(1),
  ]);
  const lines = [
    `${model.name} (${model.inputSize} px faces) on ${machine.cpu} x ${machine.cores}, Node ${machine.node}; photos decoded before timing, ${settings.warmup} warm-up + ${settings.runs} timed passes (medians)`,
    '',
    markdownTable(['target', 'EP', 'photos', 'faces', 'ms per photo', 'face detector share', 'faces/s'], rows, new Set([2, 3, 4, 5, 6])),
  ];
  const { video } = result;
  if (video) {
    const { width, height, seconds } = video.video;
    lines.push(
      '',
      `video (${video.target}, ${video.ep}): ${video.frames} frames sampled from ${seconds.toFixed(0)} s of ${width}x${height}: ${(video.decodeSeconds + video.faceSeconds).toFixed(1)} s ` +
        `(ffmpeg ${video.decodeSeconds.toFixed(1)} s, faces ${video.faceSeconds.toFixed(1)} s; ${video.faces} faces); ${(1000 * video.secondsPerFrame).toFixed(0)} ms a frame, ` +
        `so one frame a second costs ${(60 * video.secondsPerFrame).toFixed(1)} s per minute of video`,
    );
  }
  for (const { target, reason } of result.skipped) lines.push(`${target}: skipped: ${reason}`);
  for (const { target, message } of result.errors) lines.push(`${target}: failed: ${message}`);
  return lines.join('\n');
}
