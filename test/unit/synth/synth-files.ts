import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** The committed tiny dataset (made by `ftd synth`, see docs/synth.md) that these tests and others read. */
export const fixtureRoot = fileURLToPath(new URL('../../../fixtures/synth-tiny', import.meta.url));

/** Every file under `root` with its path relative to it, in sorted order. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** One hash over every file's relative path and bytes: equal hashes mean byte-identical trees. */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const path of await listFiles(root)) {
    hash.update(`${path}\0`);
    hash.update(await readFile(join(root, path)));
  }
  return hash.digest('hex');
}

export async function decodeRgb(path: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(path).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}
