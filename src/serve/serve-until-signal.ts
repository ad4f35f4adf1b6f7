import { startServer, type RunningServer } from './start-server.ts';
import type { ServeOptions } from './serve-options.ts';
import { exitCodeFor, stopSignals, type StopSignal } from '../util/signal-exit-code.ts';

export interface ServeUntilSignalOptions extends ServeOptions {
  /** Called once the server listens, with its address (the real port when asked for port 0). */
  readonly onListening?: (server: RunningServer) => void;
}

/**
 * `ftd serve`: runs the server until SIGTERM or SIGINT, then drains it (no new requests; every accepted request
 * answered; sessions released) and resolves, so the process exits 0. A second signal while draining exits at
 * once with 128 + its number (130, 143), the rule `ftd train` follows too. SIGHUP reloads the model folder, as
 * --watch does when it changes.
 */
export async function serveUntilSignal(options: ServeUntilSignalOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const server = await startServer(options);
  options.onListening?.(server);
  await new Promise<void>((resolve, reject) => {
    let draining = false;
    const stop = (signal: StopSignal) => {
      if (draining) {
        log(`${signal} again while draining: exiting without waiting`);
        process.exit(exitCodeFor(signal));
      }
      draining = true;
      log(`${signal}: draining: no new requests; answering those accepted, then exiting`);
      server.close().then(() => {
        for (const signal of stopSignals) process.off(signal, stop);
        process.off('SIGHUP', reload);
        log('drained; bye');
        resolve();
      }, reject);
    };
    const reload = () => {
      log('SIGHUP: checking the model folder for a new export');
      void server.reload();
    };
    for (const signal of stopSignals) process.on(signal, stop);
    process.on('SIGHUP', reload);
  });
}
