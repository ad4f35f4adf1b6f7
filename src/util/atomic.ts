import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the whole new content, never a torn
 * write: the data goes to a temporary file beside the target, is flushed to disk, then renamed over it.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNewFileSynced(temporary, data);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
}

/**
 * Creates a file that must not exist yet and flushes it to disk before returning. Files in a staging folder
 * are published by renaming the folder (`publishDirectory`); without the flush, a crash soon after the rename
 * could leave the published names pointing at empty files.
 */
export async function writeNewFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A temporary sibling folder for building a directory that is published whole by `publishDirectory`. */
export async function makeStagingDirectory(target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  await mkdir(staging);
  return staging;
}

/**
 * Moves a finished staging folder to `target` in one rename, so an interrupted job never leaves a
 * half-written folder under the target's name. With `replace`, an existing target is swapped out first
 * (the old one is renamed aside, then removed).
 */
export async function publishDirectory(staging: string, target: string, options: { replace?: boolean } = {}): Promise<void> {
  if (await exists(target)) {
    if (!options.replace) {
      await rm(staging, { recursive: true, force: true });
      throw new Error(`${target} already exists; choose another output folder or pass --force to replace it`);
    }
    const aside = `${target}.${randomBytes(6).toString('hex')}.old`;
    await rename(target, aside);
    await rename(staging, target);
    await rm(aside, { recursive: true, force: true });
    return;
  }
  await rename(staging, target);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
