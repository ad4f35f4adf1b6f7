import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.ts';
import { FlagError } from '../util/flag-error.ts';

/** What decides the crops: a run may only continue an output folder made with the same settings. */
export interface CropSettings {
  readonly format: 'ftd-crops';
  readonly version: 1;
  readonly margin: number;
  readonly frames: number;
  readonly allFaces: boolean;
  /** sha256 of the face.onnx that found the faces. */
  readonly faceGraph: string;
}

export const cropSettingsFile = 'crop.json';

/**
 * Records the settings in a new output folder, or checks that an existing one was made with the same, so a
 * resumed run never mixes crops of two settings in one manifest.
 */
export async function claimOutputFolder(out: string, settings: CropSettings): Promise<void> {
  const path = join(out, cropSettingsFile);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return writeFileAtomic(path, `${JSON.stringify(settings, null, 2)}\n`);
  const existing = JSON.parse(text) as Partial<CropSettings>;
  const differing = (Object.keys(settings) as Array<keyof CropSettings>).filter((key) => existing[key] !== settings[key]);
  if (differing.length > 0) {
    throw new FlagError('--out', `--out ${out} holds crops made with other settings (${differing.map((key) => `${key} ${JSON.stringify(existing[key])} there, ${JSON.stringify(settings[key])} now`).join('; ')}); continue with the same settings, choose another --out, or pass --force to start over`);
  }
}
