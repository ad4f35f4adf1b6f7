import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manifestFormat, manifestVersion, type SynthManifest } from './manifest.ts';

/** Reads `<root>/manifest.json` and checks it is this generator's format before anything trusts it. */
export async function readSynthManifest(root: string): Promise<SynthManifest> {
  const path = join(root, 'manifest.json');
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TypeError(`${path}: cannot read the synthetic dataset's manifest (${error.code ?? error.message}); expected a folder written by "ftd synth"`);
  });
  let manifest: Partial<SynthManifest>;
  try {
    manifest = JSON.parse(text) as Partial<SynthManifest>;
  } catch (error) {
    throw new TypeError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== manifestFormat) throw new TypeError(`${path}: field "format" must be "${manifestFormat}"; found ${JSON.stringify(manifest.format)}`);
  if (manifest.version !== manifestVersion) throw new RangeError(`${path}: field "version" must be ${manifestVersion}; found ${JSON.stringify(manifest.version)}`);
  if (!Array.isArray(manifest.items)) throw new TypeError(`${path}: field "items" must be an array; found ${typeof manifest.items}`);
  if (typeof manifest.generator?.size !== 'number') throw new TypeError(`${path}: field "generator.size" must be a number`);
  return manifest as SynthManifest;
}
