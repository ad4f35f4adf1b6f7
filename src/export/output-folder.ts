import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { exists, makeStagingDirectory } from '../util/atomic.ts';
import { FlagError } from '../util/flag-error.ts';

/**
 * Refuses an output folder before any work is done: one that exists (unless replacing was asked for), and one
 * that is, or holds, the run folder, which replacing would delete. Both paths must be resolved.
 */
export async function checkOutputFolder(out: string, run: string, force: boolean): Promise<void> {
  const fromOut = relative(out, run);
  if (fromOut === '' || (!fromOut.startsWith('..') && !isAbsolute(fromOut))) {
    throw new FlagError('--out', `--out ${out} is or contains the run folder ${run}; choose a folder outside it (e.g. models/<name>)`);
  }
  if (!force && (await exists(out))) {
    throw new FlagError('--out', `${out} already exists; pass --force to replace it, or choose another --out`);
  }
}

/** The staging folder beside `out` that the export is written into and then published from. */
export async function makeOutputStaging(out: string): Promise<string> {
  try {
    return await makeStagingDirectory(out);
  } catch (error) {
    const blocker = await nearestFileAncestor(dirname(out));
    if (blocker) throw new RangeError(`cannot write the model folder ${out}: ${blocker} is a file, expected a folder`);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new RangeError(`cannot write the model folder ${out}: cannot create a folder in ${dirname(out)} (${code})`);
  }
}

/** The closest existing ancestor of `path` (itself included) when it is a file rather than a folder. */
async function nearestFileAncestor(path: string): Promise<string | undefined> {
  for (let current = path; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info) return info.isDirectory() ? undefined : current;
    if (dirname(current) === current) return undefined;
  }
}
