import { readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { cropImage, faceCropRegion, pixelRegion } from '../runtime-common/faces/crop-rule.ts';
import type { DetectedFace, FaceFinder } from '../runtime-common/faces/face-finder.ts';
import type { DecodedImage } from '../runtime-common/preprocess.ts';
import { probeVideo } from '../runtime-node/video/probe-video.ts';
import { checkVideoPixels, sampleFrames } from '../runtime-node/video/sample-frames.ts';
import { makeStagingDirectory, publishDirectory, writeNewFileSynced } from '../util/atomic.ts';
import { decodeRgb } from '../util/decode-rgb.ts';

/** What one source (photo or video) gave: its crops (file names in its folder) and its frames without a face. */
export interface SourceRecord {
  readonly crops: readonly string[];
  readonly frames: number;
  readonly framesWithoutFace: number;
}

/** The file in each source's folder that marks it done and records what it gave. */
export const sourceRecordFile = 'source.json';

export interface CropSourceOptions {
  readonly video: boolean;
  readonly frames: number;
  readonly maxVideoPixels: number;
  /** Keep every face; otherwise the largest of each frame, as DeepfakeBench's preprocessing does. */
  readonly allFaces: boolean;
}

/**
 * Crops one photo or video into `folder`: each kept face of each frame cut by the crop rule and written as a
 * lossless PNG at its own size, so training's loader resizes it exactly as inference resizes a crop. The
 * folder is built aside and published whole with its record, so a killed run leaves it either done or absent.
 */
export async function cropSource(file: string, folder: string, finder: FaceFinder, options: CropSourceOptions): Promise<SourceRecord> {
  await removeStaleStaging(folder);
  const staging = await makeStagingDirectory(folder);
  try {
    const crops: string[] = [];
    let frames = 0;
    let framesWithoutFace = 0;
    for await (const { index, image } of framesOf(file, options)) {
      frames++;
      const faces = keptFaces(await finder.detect(image), options.allFaces);
      if (faces.length === 0) framesWithoutFace++;
      for (const [f, face] of faces.entries()) {
        const crop = cropImage(image, pixelRegion(faceCropRegion(face.box, image.width, image.height), image.width, image.height));
        const name = `f${String(index).padStart(3, '0')}_${f}.png`;
        await writeNewFileSynced(join(staging, name), await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: crop.channels } }).png().toBuffer());
        crops.push(name);
      }
    }
    const record: SourceRecord = { crops, frames, framesWithoutFace };
    await writeNewFileSynced(join(staging, sourceRecordFile), `${JSON.stringify(record)}\n`);
    await publishDirectory(staging, folder, { replace: true });
    return record;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The record of a source a previous run finished, or undefined. */
export async function finishedSource(folder: string): Promise<SourceRecord | undefined> {
  const text = await readFile(join(folder, sourceRecordFile), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as SourceRecord);
}

function keptFaces(faces: DetectedFace[], allFaces: boolean): DetectedFace[] {
  if (allFaces || faces.length <= 1) return faces;
  const area = (face: DetectedFace) => face.box.width * face.box.height;
  return [faces.reduce((largest, face) => (area(face) > area(largest) ? face : largest))];
}

async function* framesOf(file: string, options: CropSourceOptions): AsyncGenerator<{ index: number; image: DecodedImage }> {
  if (!options.video) {
    const image = await decodeRgb(file).catch((error: Error) => {
      throw new TypeError(`${file} cannot be decoded as an image: ${error.message}`);
    });
    yield { index: 0, image };
    return;
  }
  const info = await probeVideo(file);
  checkVideoPixels(file, info, options.frames, options.maxVideoPixels);
  yield* sampleFrames(file, info, options.frames);
}

/** Staging folders a killed run left beside `folder` (see makeStagingDirectory's naming). */
async function removeStaleStaging(folder: string): Promise<void> {
  const parent = dirname(folder);
  const prefix = `.${basename(folder)}.`;
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) if (entry.startsWith(prefix) && entry.endsWith('.partial')) await rm(join(parent, entry), { recursive: true, force: true });
}
