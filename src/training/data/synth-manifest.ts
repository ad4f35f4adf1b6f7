import { basename, dirname, resolve } from 'node:path';
import { BadSampleError } from './bad-sample-error.ts';
import { describeJson, isRecord } from '../../util/json-fields.ts';
import { readJsonFile } from './read-json-file.ts';
import { isSplit, type ManifestSamples, type Sample, type SkippedSample } from './sample.ts';

/** The `format` and `version` that `ftd synth` writes and this reader accepts. */
export const synthManifestFormat = 'ftd-synth';
export const synthManifestVersion = 1;

/** A synth manifest whose envelope was checked; items and generator settings are checked by their readers. */
export interface SynthManifestJson {
  format: typeof synthManifestFormat;
  version: typeof synthManifestVersion;
  items: unknown[];
  generator?: unknown;
  [field: string]: unknown;
}

/**
 * Reads `manifest.json` written by `ftd synth` and checks its envelope: the one place that knows the
 * synth format, for the training loader below and for the generator's own calibration.
 */
export async function readSynthManifestJson(file: string): Promise<SynthManifestJson> {
  const manifest = await readJsonFile(file);
  if (!isRecord(manifest)) throw new TypeError(`${file}: expected an object, found ${describeJson(manifest)}`);
  if (manifest.format !== synthManifestFormat) {
    throw new RangeError(`${file}: format must be "${synthManifestFormat}", found ${describeJson(manifest.format)}`);
  }
  if (manifest.version !== synthManifestVersion) {
    throw new RangeError(`${file}: version must be ${synthManifestVersion} (the only one this reader knows), found ${describeJson(manifest.version)}`);
  }
  if (!Array.isArray(manifest.items)) {
    throw new TypeError(`${file}: items must be an array, found ${describeJson(manifest.items)}`);
  }
  return manifest as SynthManifestJson;
}

/**
 * Reads the `manifest.json` written by `ftd synth` as training samples: {"format":"ftd-synth","version":1,
 * "items":[{path, label, type, video, split?, compression?, ...}]}, item paths relative to the manifest's folder.
 */
export async function loadSynthManifest(file: string, options: { skipBad?: boolean } = {}): Promise<ManifestSamples> {
  const manifest = await readSynthManifestJson(file);
  const name = basename(file);
  const root = dirname(resolve(file));
  const samples: Sample[] = [];
  const skipped: SkippedSample[] = [];
  manifest.items.forEach((item: unknown, index) => {
    const origin = `${name} items[${index}]`;
    try {
      samples.push(readItem(item, root, origin));
    } catch (error) {
      if (!(error instanceof BadSampleError) || !options.skipBad) throw error;
      skipped.push({ path: error.path, origin, reason: error.reason });
    }
  });
  return { samples, skipped };
}

function readItem(item: unknown, root: string, origin: string): Sample {
  if (!isRecord(item)) throw new TypeError(`${origin}: expected an object, found ${describeJson(item)}`);
  if (typeof item.path !== 'string' || item.path === '') {
    throw new TypeError(`${origin}: path must be a non-empty string, found ${describeJson(item.path)}`);
  }
  const path = resolve(root, item.path);
  const bad = (reason: string) => new BadSampleError(path, origin, reason);
  if (item.label !== 0 && item.label !== 1) throw bad(`label must be 0 or 1, found ${describeJson(item.label)}`);
  if (typeof item.type !== 'string' || item.type === '') throw bad(`type must be a non-empty string, found ${describeJson(item.type)}`);
  if ((item.label === 0) !== (item.type === 'real')) throw bad(`label ${item.label} contradicts type "${item.type}"`);
  if (typeof item.video !== 'string' || item.video === '') throw bad(`video must be a non-empty string, found ${describeJson(item.video)}`);
  if (item.split !== undefined && !isSplit(item.split)) throw bad(`split must be train, val or test, found ${describeJson(item.split)}`);
  if (item.compression !== undefined && typeof item.compression !== 'string') {
    throw bad(`compression must be a string, found ${describeJson(item.compression)}`);
  }
  const sample: Sample = { path, label: item.label, type: item.type, video: item.video, origin };
  if (item.split !== undefined) sample.split = item.split;
  if (item.compression !== undefined) sample.compression = item.compression;
  return sample;
}
