import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { splits, type Sample, type Split } from './sample.ts';

/** Extensions read as images; sharp decodes all of these. */
export const imageExtensions: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff'];

export interface FolderSamples {
  samples: Sample[];
  /** Files under real/ or fake/ that were not read because they are not images (by extension). */
  ignored: string[];
}

/**
 * Reads a `real/` + `fake/` layout, or `<split>/real` + `<split>/fake` for split in train, val, test.
 * Under fake/, a first-level folder names the forgery type (fake/swap/...); images directly in fake/ are of
 * type 'fake'. Images sharing a folder below that form one video (real/<video>/f001.jpg); an image lying
 * directly in real/, fake/ or fake/<type>/ is a video of its own. Files are listed in sorted order, so the
 * sample order (and with it every shuffled batch) is the same on every file system.
 */
export async function loadFolderLayout(rootPath: string, extensions: readonly string[] = imageExtensions): Promise<FolderSamples> {
  const root = resolve(rootPath);
  const layout = await folderLayoutSplits(root);
  if (layout === undefined) {
    throw new RangeError(`${root}: expected real/ and fake/ folders, or train/, val/, test/ folders holding them`);
  }
  const result: FolderSamples = { samples: [], ignored: [] };
  for (const split of layout) {
    const base = split === undefined ? '' : `${split}/`;
    for (const label of [0, 1] as const) {
      const classFolder = `${base}${label === 0 ? 'real' : 'fake'}`;
      for (const relative of await listFiles(root, classFolder)) {
        if (!extensions.includes(extname(relative).toLowerCase())) {
          result.ignored.push(relative);
          continue;
        }
        result.samples.push(folderSample(root, relative, classFolder, label, split));
      }
    }
  }
  if (result.samples.length === 0) throw new RangeError(`${root}: found no images (${extensions.join(', ')}) under its real/ and fake/ folders`);
  return result;
}

/** The splits of a folder layout ([undefined] when unsplit), or undefined when the folder is not one. */
export async function folderLayoutSplits(root: string): Promise<Array<Split | undefined> | undefined> {
  if ((await isFolder(join(root, 'real'))) && (await isFolder(join(root, 'fake')))) return [undefined];
  const present: Split[] = [];
  for (const split of splits) {
    if ((await isFolder(join(root, split, 'real'))) || (await isFolder(join(root, split, 'fake')))) present.push(split);
  }
  return present.length > 0 ? present : undefined;
}

function folderSample(root: string, relative: string, classFolder: string, label: 0 | 1, split: Split | undefined): Sample {
  const inner = relative.slice(classFolder.length + 1).split('/');
  // fake/<type>/... names the type only when something lies below it; fake/x.jpg has no type folder.
  const type = label === 0 ? 'real' : inner.length > 1 ? inner[0]! : 'fake';
  const typeDepth = label === 1 && inner.length > 1 ? 1 : 0;
  const videoParts = inner.slice(0, -1);
  const video = videoParts.length > typeDepth ? `${classFolder}/${videoParts.join('/')}` : relative;
  const sample: Sample = { path: join(root, relative), label, type, video, origin: `folder ${relative}` };
  if (split !== undefined) sample.split = split;
  return sample;
}

/** Files below `root/folder`, as sorted '/'-separated paths relative to root; dot-files are skipped. */
async function listFiles(root: string, folder: string): Promise<string[]> {
  if (!(await isFolder(join(root, folder)))) return [];
  const entries = await readdir(join(root, folder), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const relative = `${folder}/${entry.name}`;
    // A symbolic link counts as what it points to, so linked-in video folders are read too.
    const isDirectory = entry.isSymbolicLink() ? await isFolder(join(root, relative)) : entry.isDirectory();
    if (isDirectory) files.push(...(await listFiles(root, relative)));
    else files.push(relative);
  }
  return files;
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
