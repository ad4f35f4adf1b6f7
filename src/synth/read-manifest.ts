import { join } from 'node:path';
import { readSynthManifestJson } from '../training/data/synth-manifest.ts';
import type { SynthManifest } from './manifest.ts';

/**
 * Reads `<root>/manifest.json` through the training loader's reader (one place knows the format), then
 * checks the generator settings that only this generator's own tools use.
 */
export async function readSynthManifest(root: string): Promise<SynthManifest> {
  const path = join(root, 'manifest.json');
  const manifest = await readSynthManifestJson(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === undefined) throw error;
    throw new TypeError(`${path}: cannot read the synthetic dataset's manifest (${error.code}); expected a folder written by "ftd synth"`);
  });
  const generator = manifest.generator as Partial<SynthManifest['generator']> | undefined;
  if (typeof generator?.size !== 'number') throw new TypeError(`${path}: field "generator.size" must be a number`);
  return manifest as unknown as SynthManifest;
}
