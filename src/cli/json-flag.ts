import { stat } from 'node:fs/promises';
import { writeFileAtomic } from '../util/atomic.ts';
import { FlagError, FlagTypeError } from '../util/flag-error.ts';

/**
 * `--json` means the same in every command: alone, the command prints its result as one JSON document on
 * stdout instead of the human output; `--json FILE` writes that document to FILE (atomically) and the human
 * output is printed as usual. Given as a string option, yargs turns a bare `--json` into ''.
 */
export function jsonOption(what: string) {
  return {
    type: 'string',
    describe: `${what} as JSON: --json alone prints it on stdout instead of the usual output; --json FILE writes it to FILE as well`,
  } as const;
}

export interface JsonDestination {
  /** Print the document on stdout, in place of the human output. */
  readonly stdout: boolean;
  /** Write the document to this file. */
  readonly file?: string;
}

/** The flag's value -> where the document goes. A folder is refused: it is a positional caught by a bare --json. */
export async function jsonDestination(value: unknown): Promise<JsonDestination> {
  if (value === undefined) return { stdout: false };
  if (typeof value !== 'string') throw new FlagTypeError('--json', `--json takes at most one file name; found ${JSON.stringify(value)}`);
  if (value === '') return { stdout: true };
  if ((await stat(value).catch(() => undefined))?.isDirectory()) {
    throw new FlagError('--json', `--json ${value} is a folder; expected a file to write (a bare --json goes after the positional arguments, or as --json=)`);
  }
  return { stdout: false, file: value };
}

/** Sends `document` where `destination` says: to its file, atomically, and to stdout when asked. */
export async function emitJson(destination: JsonDestination, document: unknown): Promise<void> {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (destination.file !== undefined) await writeFileAtomic(destination.file, text);
  if (destination.stdout) process.stdout.write(text);
}
