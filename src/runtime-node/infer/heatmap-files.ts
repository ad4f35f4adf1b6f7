import { mkdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { RgbImage } from './heatmap.ts';

/**
 * One PNG name per input, from the input's own name, so a reviewer can pair them by eye: `face.jpg` ->
 * `face.png`; a name seen before (two folders with a `000.jpg`) gets `-2`, `-3`, in input order.
 */
export function heatmapNames(files: readonly string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const stem = basename(file, extname(file)) || 'image';
    let name = `${stem}.png`;
    for (let n = 2; taken.has(name); n++) name = `${stem}-${n}.png`;
    taken.add(name);
    return name;
  });
}

export async function writeHeatmap(folder: string, name: string, image: RgbImage): Promise<string> {
  await mkdir(folder, { recursive: true });
  const png = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
  const path = join(folder, name);
  await writeFileAtomic(path, png);
  return path;
}
