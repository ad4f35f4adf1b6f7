import { open } from 'node:fs/promises';

/**
 * Writes a new file and flushes it to disk before returning. Files in a staging folder are published by
 * renaming the folder; without the flush, a crash soon after the rename could leave the published names
 * pointing at empty files.
 */
export async function writeSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
