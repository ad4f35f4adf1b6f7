import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ModelSource } from '../runtime-common/session.ts';

/** A model folder on disk (what `ftd export` wrote, copied to a server). */
export function fileModelSource(folder: string): ModelSource {
  const root = resolve(folder);
  return {
    location: folder,
    readText: (file) => readFile(resolve(root, file), 'utf8'),
    readBytes: async (file) => new Uint8Array(await readFile(resolve(root, file))),
  };
}
