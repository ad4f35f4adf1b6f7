import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path inside the repository's fixtures/ folder. */
export function fixturePath(...parts: string[]): string {
  return join(fileURLToPath(new URL('../../../../fixtures/', import.meta.url)), ...parts);
}

/** A fresh temporary folder and a function that removes it. */
export async function temporaryFolder(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'ftd-data-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
