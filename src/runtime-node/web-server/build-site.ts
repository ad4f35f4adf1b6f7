import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeStagingDirectory, publishDirectory, writeFileAtomic } from '../../util/atomic.ts';
import { copySampleFaces } from './sample-faces.ts';
import { copySamplePhotos } from './sample-photos.ts';
import { packageRoot, siteBuildOptions, sitePages } from './site-build-options.ts';

export interface BuiltSite {
  /** The folder holding index.html, photos.html, harness.html, their scripts, the sample faces and photos. */
  readonly folder: string;
  /** False when an earlier build of the same sources was reused. */
  readonly built: boolean;
}

interface CacheRecord {
  readonly key: string;
  /** Every file the build read (package-relative), with its sha256. */
  readonly inputs: Record<string, string>;
}

/**
 * Bundles the browser pages with esbuild on demand, so no built file is committed and `npm ci` needs no build
 * step. A build is kept in a folder named by the hash of everything it read; it is reused while those files
 * are unchanged, and a new one never overwrites a folder another server may be serving.
 */
export async function buildSite(options: { cacheRoot?: string } = {}): Promise<BuiltSite> {
  const cacheRoot = options.cacheRoot ?? (await writableCacheRoot());
  const record = await readCacheRecord(join(cacheRoot, 'latest.json'));
  if (record && (await folderExists(join(cacheRoot, record.key))) && (await unchanged(record.inputs))) {
    return { folder: join(cacheRoot, record.key), built: false };
  }
  const esbuild = await loadEsbuild();
  const target = join(cacheRoot, 'next');
  const staging = await makeStagingDirectory(target);
  try {
    const result = await esbuild.build(siteBuildOptions(staging));
    for (const page of sitePages) await copyFile(join(packageRoot, page.html), join(staging, page.servedAs));
    const samples = [...(await copySampleFaces(staging)), ...(await copySamplePhotos(staging))];
    // The recipe (this file, the esbuild settings, the sample choice) and esbuild's version are inputs too: a
    // change to any of them changes the output for the same sources.
    const recipe = [import.meta.url, ...['./site-build-options.ts', './sample-faces.ts', './sample-photos.ts'].map((file) => new URL(file, import.meta.url).href)].map((url) => relative(packageRoot, fileURLToPath(url)));
    const esbuildManifest = relative(packageRoot, createRequire(import.meta.url).resolve('esbuild/package.json'));
    const files = [...new Set([...Object.keys(result.metafile.inputs), ...sitePages.map((page) => page.html), ...samples, ...recipe, esbuildManifest])].sort();
    const inputs: Record<string, string> = {};
    for (const file of files) inputs[file] = await hashFile(file);
    const key = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
    const folder = join(cacheRoot, key);
    // Another process may publish the same build first; its folder is then as good as ours.
    await publishDirectory(staging, folder).catch(async (error: unknown) => {
      if (!(await folderExists(folder))) throw error;
      await rm(staging, { recursive: true, force: true });
    });
    await writeFileAtomic(join(cacheRoot, 'latest.json'), `${JSON.stringify({ key, inputs } satisfies CacheRecord, null, 2)}\n`);
    await pruneOldBuilds(cacheRoot, key);
    return { folder, built: true };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function loadEsbuild(): Promise<typeof import('esbuild')> {
  try {
    return await import('esbuild');
  } catch (error) {
    throw new Error(`the browser page is bundled with esbuild, which cannot be loaded (${(error as Error).message.split('\n')[0]}); install the package's dependencies with "npm ci"`);
  }
}

/** node_modules/.cache/ftd-web inside the package, or the temp folder where the package is read-only. */
async function writableCacheRoot(): Promise<string> {
  for (const root of [join(packageRoot, 'node_modules', '.cache', 'ftd-web'), join(tmpdir(), `ftd-web-${process.getuid?.() ?? 'user'}`)]) {
    try {
      await mkdir(root, { recursive: true });
      return root;
    } catch {
      // Try the next place.
    }
  }
  throw new Error(`no writable folder for the browser page's build cache (tried node_modules/.cache/ftd-web and ${tmpdir()})`);
}

async function readCacheRecord(file: string): Promise<CacheRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as CacheRecord;
    return typeof record.key === 'string' && typeof record.inputs === 'object' && record.inputs !== null ? record : undefined;
  } catch {
    return undefined;
  }
}

async function unchanged(inputs: Record<string, string>): Promise<boolean> {
  for (const [file, digest] of Object.entries(inputs)) {
    if ((await hashFile(file).catch(() => undefined)) !== digest) return false;
  }
  return true;
}

async function hashFile(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(join(packageRoot, file))).digest('hex');
}

async function folderExists(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => undefined))?.isDirectory() ?? false;
}

/** Builds kept besides the newest: a server started before the sources changed may still be serving one. */
const KEPT_OLD_BUILDS = 3;

async function pruneOldBuilds(cacheRoot: string, current: string): Promise<void> {
  const builds = (await readdir(cacheRoot)).filter((name) => /^[0-9a-f]{16}$/.test(name) && name !== current);
  const dated = await Promise.all(builds.map(async (name) => ({ name, time: (await stat(join(cacheRoot, name))).mtimeMs })));
  dated.sort((a, b) => b.time - a.time);
  for (const { name } of dated.slice(KEPT_OLD_BUILDS)) await rm(join(cacheRoot, name), { recursive: true, force: true });
}
