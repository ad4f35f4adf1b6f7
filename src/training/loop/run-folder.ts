import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointFileName, runFileName } from '../checkpoint/checkpoint-files.ts';
import { FlagError } from '../../util/flag-error.ts';

/**
 * Decides what may happen to the run folder before any work starts: a new run needs it absent or empty
 * (or --force over an earlier run), a resumed run needs its checkpoint. --force only ever replaces a
 * folder that holds a run, so a mistyped --out cannot wipe unrelated files.
 */
export async function checkRunFolder(runDirectory: string, options: { resume?: boolean; force?: boolean }): Promise<{ replace: boolean }> {
  if (options.resume && options.force) {
    throw new FlagError('--resume', '--resume and --force contradict each other: --resume continues the run in --out, --force replaces it');
  }
  const entries = await readdir(runDirectory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new FlagError('--out', `--out ${runDirectory} is a file, expected a run folder`);
    throw error;
  });
  const holdsRun = entries !== null && (entries.includes(runFileName) || entries.includes(checkpointFileName));
  if (options.resume) {
    if (!entries?.includes(checkpointFileName)) {
      throw new FlagError('--resume', `--resume: ${join(runDirectory, checkpointFileName)} does not exist, so there is no run to continue`);
    }
    return { replace: false };
  }
  if (entries === null || entries.length === 0) return { replace: false };
  if (!options.force) {
    throw new RangeError(
      holdsRun
        ? `--out ${runDirectory} already holds a run; pass --resume to continue it or --force to replace it`
        : `--out ${runDirectory} exists and is not empty; choose a new folder`,
    );
  }
  if (!holdsRun) {
    throw new FlagError('--out', `--out ${runDirectory} is not a run folder (it has no ${runFileName} or ${checkpointFileName}); --force replaces only runs`);
  }
  return { replace: true };
}

/** Empties a run folder that `checkRunFolder` allowed replacing. */
export async function clearRunFolder(runDirectory: string): Promise<void> {
  for (const entry of await readdir(runDirectory)) await rm(join(runDirectory, entry), { recursive: true, force: true });
}
