import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** The extensions a folder walk picks up; a file named explicitly is tried whatever its extension. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp']);
/** The video files `ftd infer` walks for beside images; ffmpeg reads many more, named explicitly. */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi']);

/** An image to score, with the key that names it whatever folder the inputs were mounted at. */
export interface ImageEntry {
  readonly path: string;
  /** The path below the folder given, '/'-separated; a file given by name is its own key, as given. */
  readonly key: string;
}

/**
 * The image files to score: each input in the order given, a folder replaced by the images under it (walked
 * recursively, sorted by path so runs are reproducible across file systems).
 */
export async function listImages(inputs: readonly string[]): Promise<string[]> {
  return (await listImageEntries(inputs)).map((entry) => entry.path);
}

/** `listImages` with each file's key, which sharded scoring hashes: the same on every machine that mounts the folder. */
export async function listImageEntries(inputs: readonly string[]): Promise<ImageEntry[]> {
  return listEntries(inputs, IMAGE_EXTENSIONS);
}

/** Like `listImageEntries`, videos included: `video` is set for a file with a video extension. */
export async function listInputEntries(inputs: readonly string[]): Promise<Array<ImageEntry & { video: boolean }>> {
  const entries = await listEntries(inputs, new Set([...IMAGE_EXTENSIONS, ...VIDEO_EXTENSIONS]));
  return entries.map((entry) => ({ ...entry, video: VIDEO_EXTENSIONS.has(extname(entry.path).toLowerCase()) }));
}

async function listEntries(inputs: readonly string[], extensions: ReadonlySet<string>): Promise<ImageEntry[]> {
  if (inputs.length === 0) throw new RangeError('no images given; expected image files or folders of images');
  const files: ImageEntry[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => {
      throw new RangeError(`${input} cannot be read (${error.code ?? error.message}); expected an image file or a folder of images`);
    });
    if (info.isDirectory()) files.push(...(await walk(input, extensions)).sort(byCodePoint).map((path) => ({ path, key: relative(input, path).split(sep).join('/') })));
    else files.push({ path: input, key: input.split(sep).join('/') });
  }
  if (files.length === 0) {
    throw new RangeError(`found no images under ${inputs.join(', ')}; expected files ending ${[...extensions].join(', ')}`);
  }
  return files;
}

async function walk(folder: string, extensions: ReadonlySet<string>): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path, extensions)));
    else if (entry.isFile() && extensions.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

/** Locale-independent order, so the same folder lists the same way on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
