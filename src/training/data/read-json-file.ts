import { readFile } from 'node:fs/promises';

/** Reads and parses a JSON manifest; a syntax error names the file instead of only the position. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RangeError(`${file}: expected JSON; ${(error as Error).message}`);
  }
}
