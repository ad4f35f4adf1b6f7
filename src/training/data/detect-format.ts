import { stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { folderLayoutSplits } from './folder-layout.ts';
import { isRecord } from '../../util/json-fields.ts';
import { readJsonFile } from './read-json-file.ts';

export type DatasetFormat = 'synth' | 'folders' | 'csv' | 'deepfakebench';
export const datasetFormats: readonly DatasetFormat[] = ['synth', 'folders', 'csv', 'deepfakebench'];

export interface DetectedFormat {
  format: DatasetFormat;
  /** The manifest file to read, or the layout's root folder for 'folders'. */
  source: string;
  /** Why this format was chosen, for the user: 'the folder holds manifest.json'. */
  reason: string;
}

/**
 * Chooses the reader from the path: a folder holding manifest.json is the synthetic layout; a .csv file a CSV
 * manifest; a .json file a DeepfakeBench manifest, unless it is itself an ftd-synth manifest; a folder with
 * real/ and fake/ (or split folders holding them) the folder layout.
 */
export async function detectFormat(path: string): Promise<DetectedFormat> {
  const target = resolve(path);
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) throw new RangeError(`${target}: no such file or folder (expected a dataset folder, a .csv or a .json manifest)`);
  if (info.isFile()) {
    const extension = extname(target).toLowerCase();
    if (extension === '.csv') return { format: 'csv', source: target, reason: 'the file ends in .csv' };
    if (extension === '.json') {
      const json = await readJsonFile(target);
      if (isRecord(json) && json.format === 'ftd-synth') return { format: 'synth', source: target, reason: 'the JSON says format "ftd-synth"' };
      return { format: 'deepfakebench', source: target, reason: 'the file ends in .json and is not an ftd-synth manifest' };
    }
    throw new RangeError(`${target}: expected a .csv or .json manifest or a dataset folder, found a ${extension || 'extension-less'} file`);
  }
  const manifest = join(target, 'manifest.json');
  if ((await stat(manifest).catch(() => undefined))?.isFile()) return { format: 'synth', source: manifest, reason: 'the folder holds manifest.json' };
  const layout = await folderLayoutSplits(target);
  if (layout !== undefined) {
    const where = layout[0] === undefined ? 'real/ and fake/ folders' : `split folders (${layout.join(', ')}) holding real/ and fake/`;
    return { format: 'folders', source: target, reason: `the folder holds ${where}` };
  }
  throw new RangeError(
    `${target}: cannot tell the dataset format: expected manifest.json (ftd synth), real/ and fake/ folders, or ` +
      'train/, val/, test/ folders holding them; or pass a .csv or DeepfakeBench .json file',
  );
}

/** The file or folder a format reads when the user names the format and gives a folder. */
export async function sourceForFormat(path: string, format: DatasetFormat): Promise<DetectedFormat> {
  const target = resolve(path);
  const isFile = (await stat(target).catch(() => undefined))?.isFile();
  if (isFile === undefined) throw new RangeError(`${target}: no such file or folder`);
  const reason = `format "${format}" was asked for`;
  if (format === 'folders') {
    if (isFile) throw new RangeError(`${target}: format "folders" needs a folder, found a file`);
    return { format, source: target, reason };
  }
  if (isFile) return { format, source: target, reason };
  const defaultName = { synth: 'manifest.json', deepfakebench: 'deepfakebench.json', csv: undefined }[format];
  if (defaultName === undefined) throw new RangeError(`${target}: format "csv" needs the .csv file, found a folder`);
  return { format, source: join(target, defaultName), reason: `${reason} (reading ${defaultName} in the folder)` };
}
