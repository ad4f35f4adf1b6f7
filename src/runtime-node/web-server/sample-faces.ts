import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.ts';
import type { SampleFace } from '../../runtime-web/demo/sample-face.ts';
import { packageRoot } from './site-build-options.ts';

/** The committed reference faces, named `<index>-<kind>-id<identity>-<compression>.<ext>` (fixtures/faces/README.md). */
export const sampleFacesFolder = 'fixtures/faces';

const KIND_LABELS: Record<string, string> = { real: 'real', swap: 'face swap', reenact: 're-enactment', texture: 'neural texture' };

/**
 * Copies one real face and one of each forgery family into `site`/samples/ and lists them in samples.json, so
 * a visitor can try the demo without a face of their own. Returns the package-relative files it read, which
 * are inputs of the build. A package without the fixtures gets an empty list and a page without samples.
 */
export async function copySampleFaces(site: string): Promise<string[]> {
  const names = (await readdir(join(packageRoot, sampleFacesFolder)).catch(() => [] as string[])).filter((name) => /\.(png|jpe?g)$/i.test(name)).sort();
  const firstOfKind = new Map<string, string>();
  for (const name of names) {
    const kind = /^\d+-([a-z]+)-/.exec(name)?.[1];
    if (kind !== undefined && kind in KIND_LABELS && !firstOfKind.has(kind)) firstOfKind.set(kind, name);
  }
  const samples: SampleFace[] = [];
  await mkdir(join(site, 'samples'), { recursive: true });
  for (const kind of Object.keys(KIND_LABELS)) {
    const name = firstOfKind.get(kind);
    if (name === undefined) continue;
    await copyFile(join(packageRoot, sampleFacesFolder, name), join(site, 'samples', name));
    samples.push({ file: `samples/${name}`, kind, label: KIND_LABELS[kind]! });
  }
  await writeFileAtomic(join(site, 'samples.json'), `${JSON.stringify(samples, null, 2)}\n`);
  return samples.map((sample) => `${sampleFacesFolder}/${sample.file.slice('samples/'.length)}`);
}
