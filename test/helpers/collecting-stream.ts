import { Writable } from 'node:stream';

/** A writable stream that keeps what is written, standing in for stderr as a terminal (`isTTY`) or a log. */
export function collectingStream(isTTY = false): { stream: Writable & { isTTY: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}
