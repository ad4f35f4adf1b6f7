import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeStagingDirectory, publishDirectory } from '../util/atomic.ts';
import { compressionSettings, encodeImage } from './compression.ts';
import { renderFrameSet, type FrameSet } from './frame-set.ts';
import { framePath, splitIdentities, videoPath } from './layout.ts';
import { buildManifest, toDeepfakeBench, type SynthManifest } from './manifest.ts';
import { resolveSynthOptions, type SynthOptions, type SynthOptionsInput } from './options.ts';
import { writePreview } from './preview.ts';
import type { ProgressStream } from '../util/progress-bar.ts';
import { SynthProgress } from './progress.ts';
import { summarise, type SynthSummary } from './summary.ts';
import { FlagError, FlagTypeError } from '../util/flag-error.ts';

/** Frames whose encoding and writing may overlap the rendering of later frames. */
const framesInFlight = 6;
/** Identities shown in the preview contact sheet. */
const previewRows = 6;

/**
 * Generates the synthetic forgery benchmark (see docs/synth.md) into `options.out`: image files,
 * `manifest.json`, `deepfakebench.json` and, with `preview`, `preview.png`. The folder is built beside
 * the target and renamed into place only when complete. Progress lines go to `progress`.
 */
export async function writeSynthDataset(input: SynthOptionsInput, progress?: ProgressStream): Promise<SynthSummary> {
  const options = resolveSynthOptions(input);
  const target = resolve(options.out);
  const replace = await checkTarget(target, options.force);
  const staging = await makeStagingDirectory(target);
  try {
    const started = performance.now();
    const manifest = await generate(options, staging, progress);
    await publishDirectory(staging, target, { replace });
    return summarise(manifest, target, (performance.now() - started) / 1000);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function generate(options: SynthOptions, root: string, progress: ProgressStream | undefined): Promise<SynthManifest> {
  const types = ['real', ...options.families] as const;
  for (const compression of options.compressions) {
    for (const type of types) {
      for (let identity = 0; identity < options.identities; identity++) {
        for (let video = 0; video < options.videos; video++) {
          await mkdir(join(root, videoPath(compression, type, identity, video)), { recursive: true });
        }
      }
    }
  }
  const total = options.identities * options.videos * options.frames;
  const bar = new SynthProgress(progress, total);
  const previews: FrameSet[] = [];
  const inFlight: Promise<void>[] = [];
  let done = 0;
  let images = 0;
  try {
    for (let identity = 0; identity < options.identities; identity++) {
      for (let video = 0; video < options.videos; video++) {
        for (let frame = 0; frame < options.frames; frame++) {
          const set = renderFrameSet(options.seed, { identity, video, frame }, options.size, options.families);
          if (options.preview && video === 0 && frame === 0 && previews.length < previewRows) previews.push(set);
          if (inFlight.length >= framesInFlight) await inFlight.shift();
          const writing = writeFrameSet(set, options, root).then(() => {
            done += 1;
            images += set.pixels.size * options.compressions.length;
            bar.update(done, images);
          });
          // Attach the rejection handler now; the error resurfaces when this promise is awaited below.
          writing.catch(() => undefined);
          inFlight.push(writing);
        }
      }
    }
    await Promise.all(inFlight);
  } finally {
    bar.stop();
  }
  const jpegQuality = Object.fromEntries(options.compressions.filter((c) => compressionSettings[c].quality).map((c) => [c, compressionSettings[c].quality!]));
  const manifest = buildManifest(options, splitIdentities(options.identities, options.seed), jpegQuality);
  await writeFile(join(root, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  await writeFile(join(root, 'deepfakebench.json'), `${JSON.stringify(toDeepfakeBench(manifest), null, 1)}\n`);
  if (options.preview) await writePreview(join(root, 'preview.png'), previews, options.families, options.size);
  return manifest;
}

async function writeFrameSet(set: FrameSet, options: SynthOptions, root: string): Promise<void> {
  const { identity, video, frame } = set.key;
  const writes: Promise<void>[] = [];
  for (const compression of options.compressions) {
    for (const [type, pixels] of set.pixels) {
      const path = join(root, framePath(compression, type, identity, video, frame));
      writes.push(encodeImage(pixels, options.size, options.size, compression).then((bytes) => writeFile(path, bytes)));
    }
  }
  await Promise.all(writes);
}

/** Refuses to overwrite work: an existing non-empty folder is replaced only with `force`. */
async function checkTarget(target: string, force: boolean): Promise<boolean> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return false;
  if (!info.isDirectory()) throw new FlagTypeError('--out', `--out ${target} is a file; expected a folder (new or empty)`);
  if ((await readdir(target)).length > 0 && !force) {
    throw new FlagError('--out', `--out ${target} is not empty; choose a new folder or pass --force to replace it`);
  }
  return true;
}
