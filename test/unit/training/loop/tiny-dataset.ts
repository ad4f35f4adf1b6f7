import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { Rng } from '../../../../src/util/rng.ts';

/**
 * Writes a small CSV dataset whose fakes carry a learnable trace: a high-frequency checker patch at a
 * random place on a smooth random background (reals have the background only). Several frames per
 * video, train and val splits. Returns the CSV's path.
 */
export async function writeTinyDataset(
  folder: string,
  options: { size?: number; videosPerClass?: { train: number; val: number }; framesPerVideo?: number; seed?: number } = {},
): Promise<string> {
  const size = options.size ?? 32;
  const videosPerClass = options.videosPerClass ?? { train: 8, val: 3 };
  const framesPerVideo = options.framesPerVideo ?? 2;
  const rng = new Rng([options.seed ?? 0, 'tiny-dataset']);
  await mkdir(join(folder, 'images'), { recursive: true });
  const rows = ['path,label,video,split,type,compression'];
  for (const split of ['train', 'val'] as const) {
    for (let v = 0; v < videosPerClass[split]; v++) {
      for (const label of [0, 1] as const) {
        const video = `${split}_${label ? 'swap' : 'real'}_${v}`;
        for (let f = 0; f < framesPerVideo; f++) {
          const path = `images/${video}_f${f}.png`;
          await writeFile(join(folder, path), await renderImage(size, label, rng));
          rows.push(`${path},${label},${video},${split},${label ? 'swap' : 'real'},raw`);
        }
      }
    }
  }
  const csv = join(folder, 'list.csv');
  await writeFile(csv, `${rows.join('\n')}\n`);
  return csv;
}

async function renderImage(size: number, label: 0 | 1, rng: Rng): Promise<Buffer> {
  const pixels = new Uint8Array(size * size * 3);
  const base = [rng.range(60, 200), rng.range(60, 200), rng.range(60, 200)];
  const slope = [rng.range(-2, 2), rng.range(-2, 2)];
  const patch = Math.floor(size / 3);
  const px = rng.int(size - patch);
  const py = rng.int(size - patch);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inPatch = label === 1 && x >= px && x < px + patch && y >= py && y < py + patch;
      const checker = inPatch ? ((x + y) % 2 === 0 ? 45 : -45) : 0;
      for (let c = 0; c < 3; c++) {
        const value = base[c]! + slope[0]! * (x - size / 2) + slope[1]! * (y - size / 2) + checker + rng.normal() * 3;
        pixels[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}
