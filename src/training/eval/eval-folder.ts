import { readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { makeStagingDirectory, publishDirectory, writeFileAtomic } from '../../util/atomic.ts';
import { FlagError, FlagTypeError } from '../../util/flag-error.ts';

export const evalFiles = ['metrics.json', 'metrics.md', 'roc.png', 'attention.png', 'scores.csv'] as const;
export type EvalFileName = (typeof evalFiles)[number];

/**
 * Refuses an output folder before any work: the run folder or one holding it, a file, or a folder holding
 * anything but a previous evaluation's files, since publishing replaces the folder whole. Paths resolved.
 */
export async function checkEvalFolder(out: string, run: string): Promise<void> {
  const fromOut = relative(out, run);
  if (fromOut === '' || (!fromOut.startsWith('..') && !isAbsolute(fromOut))) {
    throw new FlagError('--out', `--out ${out} is or contains the run folder ${run}; choose a folder of its own (default: <run>/eval)`);
  }
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new FlagTypeError('--out', `--out ${out} is a file; expected a folder for the evaluation's files`);
  const others = (await readdir(out)).filter((name) => !(evalFiles as readonly string[]).includes(name));
  if (others.length > 0) {
    throw new FlagError('--out',
      `--out ${out} holds files other than a previous evaluation's (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); ` +
        'ftd eval replaces its folder whole, so choose an empty or new folder',
    );
  }
}

/**
 * Writes every file into a staging folder beside `out` and publishes it in one rename, replacing a previous
 * evaluation: readers never see metrics.json from one evaluation beside scores.csv from another.
 */
export async function publishEvalFolder(out: string, files: Readonly<Record<EvalFileName, string | Uint8Array>>): Promise<void> {
  const staging = await makeStagingDirectory(out);
  try {
    // Flushed before the folder's rename publishes them, so a crash cannot leave the names on empty files.
    for (const name of evalFiles) await writeFileAtomic(join(staging, name), files[name]);
    await publishDirectory(staging, out, { replace: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
