import { buildSite } from './build-site.ts';
import { checkWebServerOptions, startWebServer } from './web-server.ts';

export interface ServeWebOptions {
  /** A model folder written by `ftd export`. */
  readonly model: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Progress and the address to open, e.g. to stderr. */
  readonly log?: (line: string) => void;
  /** Stops the server; SIGINT and SIGTERM stop it too. */
  readonly signal?: AbortSignal;
}

/**
 * `ftd web`: builds the demo page (or reuses the cached build), serves it with the model folder, and runs
 * until interrupted. Resolves once the server has closed.
 */
export async function serveWeb(options: ServeWebOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  await checkWebServerOptions(options);
  const started = performance.now();
  const site = await buildSite();
  log(site.built ? `built the page in ${((performance.now() - started) / 1000).toFixed(1)} s (${site.folder})` : `using the cached page build (${site.folder})`);
  const server = await startWebServer({ site: site.folder, model: options.model, port: options.port, host: options.host });
  log(`serving ${options.model} at ${server.url} (cross-origin isolated; add ?ep=webgpu or ?threads=N), whole photos and the webcam at ${server.url}photos.html; Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop);
  });
  await server.close();
  log('stopped');
}
