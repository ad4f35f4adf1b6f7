import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { SampleFace } from '../../runtime-web/demo/sample-face.ts';
import { packageRoot } from './site-build-options.ts';

/**
 * The folder of real group photos that @vladmandic/face-api (MIT) ships in its package: the face detector's
 * test photos, and the photo page's samples. Undefined where the package is not installed.
 */
export function samplePhotosFolder(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
  } catch {
    return undefined;
  }
}

/** The sample photos' files (sample1.jpg ... sample6.jpg), sorted; [] without the package. */
export async function samplePhotos(): Promise<string[]> {
  const folder = samplePhotosFolder();
  if (folder === undefined) return [];
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => /^sample\d+\.jpg$/.test(name)).sort().map((name) => join(folder, name));
}

/**
 * Copies the sample photos into `site`/photos/ and lists them in photos.json, so the photo page has group
 * photos to try. Returns the package-relative files it read, which are inputs of the build.
 */
export async function copySamplePhotos(site: string): Promise<string[]> {
  const files = await samplePhotos();
  await mkdir(join(site, 'photos'), { recursive: true });
  const listed: SampleFace[] = [];
  for (const [i, file] of files.entries()) {
    const name = `photo-${i + 1}.jpg`;
    await copyFile(file, join(site, 'photos', name));
    listed.push({ file: `photos/${name}`, kind: 'photo', label: `photo ${i + 1}`, title: `Try sample photo ${i + 1}` });
  }
  await writeFileAtomic(join(site, 'photos.json'), `${JSON.stringify(listed, null, 2)}\n`);
  return files.map((file) => relative(packageRoot, file));
}
