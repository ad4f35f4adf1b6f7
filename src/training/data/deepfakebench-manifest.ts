import { basename, dirname, resolve } from 'node:path';
import { BadSampleError } from './bad-sample-error.ts';
import { labelFromName, sampleType } from './labels.ts';
import { describeJson, isRecord } from '../../util/json-fields.ts';
import { readJsonFile } from './read-json-file.ts';
import { isSplit, splits, type ManifestSamples, type Sample } from './sample.ts';

/**
 * Reads a DeepfakeBench dataset JSON: {dataset: {label: {train|val|test: {compression: {video: {label,
 * frames: [...]}}}}}}. Datasets without compression levels (Celeb-DF, WildDeepfake) put the videos directly
 * under the split; a level is told from a video by the video's `frames` array. Frame paths are relative to
 * the JSON's folder (or `imageRoot`) unless absolute. A video's own `label` decides real/fake, as in
 * DeepfakeBench: names containing "real" are real.
 */
export async function loadDeepfakeBenchManifest(file: string, options: { skipBad?: boolean; imageRoot?: string } = {}): Promise<ManifestSamples> {
  const json = await readJsonFile(file);
  const name = basename(file);
  if (!isRecord(json)) throw new TypeError(`${file}: expected {dataset: {label: {split: ...}}}, found ${describeJson(json)}`);
  const root = resolve(options.imageRoot ?? dirname(resolve(file)));
  const manifest: ManifestSamples = { samples: [], skipped: [] };
  for (const [dataset, labels] of Object.entries(json)) {
    for (const [labelName, splitTable] of Object.entries(expectObject(labels, `${file}: ${dataset}`))) {
      for (const [split, level] of Object.entries(expectObject(splitTable, `${file}: ${dataset}/${labelName}`))) {
        const where = `${dataset}/${labelName}/${split}`;
        if (!isSplit(split)) throw new RangeError(`${file}: ${where}: the split must be one of ${splits.join(', ')}, found "${split}"`);
        for (const [key, entry] of Object.entries(expectObject(level, `${file}: ${where}`))) {
          const videos = isVideo(entry) ? { [key]: entry } : expectObject(entry, `${file}: ${where}/${key}`);
          const compression = isVideo(entry) ? undefined : key;
          for (const [video, info] of Object.entries(videos)) {
            const videoPath = [dataset, labelName, split, compression, video].filter((part) => part !== undefined).join('/');
            readVideo(info, { origin: `${name} ${videoPath}`, videoPath, root, split, compression, skipBad: options.skipBad }, manifest);
          }
        }
      }
    }
  }
  return manifest;
}

interface VideoContext {
  origin: string;
  videoPath: string;
  root: string;
  split: Sample['split'];
  compression: string | undefined;
  skipBad: boolean | undefined;
}

function readVideo(info: unknown, context: VideoContext, manifest: ManifestSamples): void {
  const { origin, root } = context;
  if (!isRecord(info) || !Array.isArray(info.frames)) {
    throw new TypeError(`${origin}: expected a video {label, frames: [...]}, found ${describeJson(info)}`);
  }
  info.frames.forEach((frame: unknown, index) => {
    const frameOrigin = `${origin} frames[${index}]`;
    try {
      if (typeof frame !== 'string' || frame === '') {
        throw new BadSampleError('(no path)', frameOrigin, `a frame must be a path, found ${describeJson(frame)}`);
      }
      const path = resolve(root, frame);
      if (typeof info.label !== 'string') {
        throw new BadSampleError(path, frameOrigin, `the video's label must be a label name such as "FF-DF", found ${describeJson(info.label)}`);
      }
      const label = labelFromName(info.label);
      const sample: Sample = { path, label, type: sampleType(label, info.label), video: context.videoPath, origin: frameOrigin };
      if (context.split !== undefined) sample.split = context.split;
      if (context.compression !== undefined) sample.compression = context.compression;
      manifest.samples.push(sample);
    } catch (error) {
      if (!(error instanceof BadSampleError) || !context.skipBad) throw error;
      manifest.skipped.push({ path: error.path, origin: frameOrigin, reason: error.reason });
    }
  });
}

function isVideo(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.frames);
}

function expectObject(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TypeError(`${where}: expected an object, found ${describeJson(value)}`);
  return value;
}
