import type { SourceRect } from './model-region.ts';

/**
 * The JSON-lines score file `ftd infer --out` writes and `ftd infer --merge` reads: a header line saying which
 * export scored and which shard of the inputs it took, then one line per image, appended as images are scored.
 * A killed run leaves whole lines and at most one unfinished last line, which a resumed run cuts off.
 */

export const SCORE_FILE_FORMAT = 'ftd-scores';
export const SCORE_FILE_VERSION = 1;

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export interface ScoreFileHeader {
  readonly format: typeof SCORE_FILE_FORMAT;
  readonly version: typeof SCORE_FILE_VERSION;
  readonly model: { readonly name: string; readonly id: string };
  readonly shard: Shard;
}

export interface ScoreLine {
  /** What the shard is chosen by: the path below the folder given (or the file as given), '/'-separated. */
  readonly key: string;
  /** The file as this run read it. */
  readonly path: string;
  /** The input's verdict: its own probability, or its most fake face's or track's; null when no face was found. */
  readonly prob: number | null;
  readonly label: Verdict;
  /** A photo scored per face: every face found, most confident detection first. */
  readonly faces?: readonly FaceLine[];
  /** A video: its sampled frames and the tracks of faces across them, most fake first. */
  readonly video?: VideoLine;
}

export type Verdict = 'fake' | 'real' | 'no faces';

export interface FaceLine {
  /** The detected box and the crop the forgery detector saw, in pixels of the photo or frame. */
  readonly box: SourceRect;
  readonly region: SourceRect;
  /** The face detector's confidence. */
  readonly score: number;
  readonly prob: number;
}

export interface VideoLine {
  readonly width: number;
  readonly height: number;
  readonly seconds: number;
  /** Where each sampled frame was taken; `frame` in a track indexes it. */
  readonly frameSeconds: readonly number[];
  readonly framesWithoutFace: number;
  readonly tracks: ReadonlyArray<{ readonly prob: number; readonly frames: ReadonlyArray<{ readonly frame: number; readonly box: SourceRect; readonly score: number; readonly prob: number }> }>;
}

export interface ScoreFileContents {
  readonly header: ScoreFileHeader;
  readonly scores: ScoreLine[];
  /** Bytes (UTF-8) of the whole lines, header included; anything after them is an unfinished line. */
  readonly completeBytes: number;
  /** Whether the text ends with an unfinished line (a run killed while writing it). */
  readonly unfinished: boolean;
}

export function formatScoreLine(value: ScoreFileHeader | ScoreLine): string {
  return `${JSON.stringify(value)}\n`;
}

/** Parses a score file's text; `file` names it in errors, which give the line number and what was wrong. */
export function parseScoreFile(text: string, file: string): ScoreFileContents {
  const end = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  if (lines.length === 0) throw new RangeError(`${file} has no complete header line; expected {"format": "${SCORE_FILE_FORMAT}", ...}`);
  const header = parseHeader(lines[0]!, file);
  const scores = lines.slice(1).map((line, i) => parseScore(line, `${file} line ${i + 2}`));
  return { header, scores, completeBytes: new TextEncoder().encode(text.slice(0, end)).length, unfinished: end < text.length };
}

function parseJson(line: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RangeError(`${where} is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${where} must be a JSON object, found ${line.slice(0, 60)}`);
  return value as Record<string, unknown>;
}

function parseHeader(line: string, file: string): ScoreFileHeader {
  const value = parseJson(line, `${file} line 1`);
  const model = value.model as Record<string, unknown> | undefined;
  const shard = value.shard as Record<string, unknown> | undefined;
  const valid =
    value.format === SCORE_FILE_FORMAT &&
    value.version === SCORE_FILE_VERSION &&
    typeof model?.name === 'string' &&
    typeof model.id === 'string' &&
    Number.isInteger(shard?.index) &&
    Number.isInteger(shard?.count) &&
    (shard!.index as number) >= 0 &&
    (shard!.index as number) < (shard!.count as number);
  if (!valid) throw new RangeError(`${file} line 1 is not an ${SCORE_FILE_FORMAT} version ${SCORE_FILE_VERSION} header (format, version, model {name, id}, shard {index, count}): ${line.slice(0, 120)}`);
  return { format: SCORE_FILE_FORMAT, version: SCORE_FILE_VERSION, model: { name: model!.name as string, id: model!.id as string }, shard: { index: shard!.index as number, count: shard!.count as number } };
}

function parseScore(line: string, where: string): ScoreLine {
  const value = parseJson(line, where);
  const { key, path, prob, label, faces, video } = value;
  const verdict = (typeof prob === 'number' && (label === 'fake' || label === 'real')) || (prob === null && label === 'no faces');
  if (typeof key !== 'string' || typeof path !== 'string' || !verdict || (faces !== undefined && !Array.isArray(faces)) || (video !== undefined && (typeof video !== 'object' || video === null))) {
    throw new TypeError(`${where} must be {"key": string, "path": string, "prob": number, "label": "fake" | "real"} or {..., "prob": null, "label": "no faces"}, with "faces" an array and "video" an object where present; found ${line.slice(0, 120)}`);
  }
  return { key, path, prob, label, ...(faces ? { faces: faces as FaceLine[] } : {}), ...(video ? { video: video as VideoLine } : {}) } as ScoreLine;
}
