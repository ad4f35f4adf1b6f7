import { startServer, type RunningServer } from './start-server.ts';
import type { ServeOptions } from './serve-options.ts';

export interface ServeUntilSignalOptions extends ServeOptions {
  /** Called once the server listens, with its address (the real port when asked for port 0). */
  readonly onListening?: (server: RunningServer) => void;
}

/**
 * `ftd serve`: runs the server until SIGTERM or SIGINT, then drains it (no new requests; every accepted request
 * answered; sessions released) and resolves, so the process exits 0. A second signal while draining exits at
 * once with code 1. SIGHUP reloads the model folder, as --watch does when it changes.
 */
export async function serveUntilSignal(options: ServeUntilSignalOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const server = await startServer(options);
  options.onListening?.(server);
  await new Promise<void>((resolve, reject) => {
    let draining = false;
    const stop = (signal: NodeJS.Signals) => {
      if (draining) {
        log(`${signal} again while draining: exiting without waiting`);
        process.exit(1);
      }
      draining = true;
      log(`${signal}: draining: no new requests; answering those accepted, then exiting`);
      server.close().then(() => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        process.off('SIGHUP', reload);
        log('drained; bye');
        resolve();
      }, reject);
    };
    const reload = () => {
      log('SIGHUP: checking the model folder for a new export');
      void server.reload();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('SIGHUP', reload);
  });
}
