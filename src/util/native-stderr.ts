import { closeSync, fstatSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `call` (synchronous) with file descriptor 2 pointing at a temporary file, then puts stderr back and
 * returns what was written meanwhile. Native libraries (Dawn) write to fd 2 with fprintf, past
 * `process.stderr`, so this is the only way to filter them from JavaScript. Node has no dup(), so the
 * original stderr is reopened through /proc/self/fd: that is faithful only for a terminal or a pipe, which
 * have no file offset. On a regular file (whose offset may be shared with stdout or a parent shell), a
 * socket, or without /proc, `call` runs untouched and `captured` is empty.
 */
export function captureNativeStderr<T>(call: () => T): { value: T; captured: string } {
  const saved = reopenStderr();
  if (saved === undefined) return { value: call(), captured: '' };
  const file = join(tmpdir(), `ftd-stderr-${process.pid}-${Date.now()}.txt`);
  closeSync(2);
  // The lowest free descriptor is 2 (0 and 1 were checked open), so the file takes stderr's place.
  const capture = openSync(file, 'w+', 0o600);
  if (capture !== 2) {
    // Another thread opened a file in between and took 2; give stderr back what can be given and capture nothing.
    restore(capture, saved, file);
    return { value: call(), captured: '' };
  }
  let value: T;
  try {
    value = call();
  } catch (error) {
    // What the failing call said is shown, unfiltered: it may be the only explanation there is.
    const captured = restore(capture, saved, file);
    if (captured !== '') process.stderr.write(captured);
    throw error;
  }
  return { value, captured: restore(capture, saved, file) };
}

/** Puts stderr back on its terminal or pipe (the lowest free descriptor again is 2) and reads the capture. */
function restore(capture: number, saved: number, file: string): string {
  closeSync(capture);
  openSync(`/proc/self/fd/${saved}`, 'a');
  closeSync(saved);
  const captured = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  return captured;
}

/** A second descriptor on stderr's terminal or pipe, or undefined where swapping fd 2 is not safe. */
function reopenStderr(): number | undefined {
  try {
    // 0 and 1 must be taken, so that closing 2 makes it the lowest free descriptor.
    fstatSync(0);
    fstatSync(1);
    const stderr = fstatSync(2);
    if (!stderr.isFIFO() && !stderr.isCharacterDevice()) return undefined;
    return openSync('/proc/self/fd/2', 'a');
  } catch {
    return undefined;
  }
}
