import cliProgress from 'cli-progress';

/** Where a command's progress goes: stderr, or a test's collector. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean };

/**
 * Bars redrawn in place, in the one look every ftd command shares. Only for a terminal: callers write plain
 * lines when the stream is not one, because logs and CI keep every write and a redrawn bar there is noise.
 */
export function terminalBars(stream: ProgressStream, format: string): cliProgress.MultiBar {
  return new cliProgress.MultiBar(
    { stream, format, hideCursor: true, barsize: 24, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
}
