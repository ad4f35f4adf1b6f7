import { runTool, toolReason } from './run-tool.ts';

/** What ffprobe says about a video's first video stream: enough to plan the frames and check the limits. */
export interface VideoInfo {
  /** Frame size as decoded, after the rotation the file asks for. */
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  readonly codec: string;
}

/**
 * Reads a video's header with ffprobe, decoding nothing. A file ffprobe cannot read, or one without a video
 * stream or a duration, is a TypeError naming the file, so a corrupt or unsupported upload never reaches the
 * decoder.
 */
export async function probeVideo(file: string): Promise<VideoInfo> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,codec_name,duration:stream_side_data=rotation:stream_tags=rotate:format=duration', '-of', 'json', file];
  const { code, stdout, stderr } = await runTool('ffprobe', args);
  if (code !== 0) throw new TypeError(`${file} cannot be read as a video: ${toolReason(stderr)}`);
  const parsed = JSON.parse(stdout.toString('utf8')) as {
    streams?: Array<{ width?: number; height?: number; codec_name?: string; duration?: string; side_data_list?: Array<{ rotation?: number }>; tags?: { rotate?: string } }>;
    format?: { duration?: string };
  };
  const stream = parsed.streams?.[0];
  if (!stream || !(stream.width! > 0) || !(stream.height! > 0)) throw new TypeError(`${file} has no video stream that ffprobe can read (expected a video such as .mp4, .mov, .webm, .avi, .mkv)`);
  const seconds = Number(stream.duration ?? parsed.format?.duration);
  if (!(seconds > 0)) throw new TypeError(`${file}: ffprobe finds no duration for its video stream, so frames cannot be sampled evenly; re-encode it (ffmpeg -i in -c:v libx264 out.mp4)`);
  const rotation = Math.abs(stream.side_data_list?.find((side) => side.rotation !== undefined)?.rotation ?? Number(stream.tags?.rotate ?? 0));
  const sideways = rotation % 180 === 90;
  return { width: sideways ? stream.height! : stream.width!, height: sideways ? stream.width! : stream.height!, seconds, codec: stream.codec_name ?? 'unknown' };
}
