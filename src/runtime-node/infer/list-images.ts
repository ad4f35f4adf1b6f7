import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The extensions a folder walk picks up; a file named explicitly is tried whatever its extension. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/**
 * The image files to score: each input in the order given, a folder replaced by the images under it (walked
 * recursively, sorted by path so runs are reproducible across file systems).
 */
export async function listImages(inputs: readonly string[]): Promise<string[]> {
  if (inputs.length === 0) throw new RangeError('no images given; expected image files or folders of images');
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => {
      throw new RangeError(`${input} cannot be read (${error.code ?? error.message}); expected an image file or a folder of images`);
    });
    if (info.isDirectory()) files.push(...(await walk(input)).sort(byCodePoint));
    else files.push(input);
  }
  if (files.length === 0) {
    throw new RangeError(`found no images under ${inputs.join(', ')}; expected files ending ${[...IMAGE_EXTENSIONS].join(', ')}`);
  }
  return files;
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

/** Locale-independent order, so the same folder lists the same way on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
