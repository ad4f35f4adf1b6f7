import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest } from '../../runtime-common/open-detector.ts';
import { fileModelSource } from '../file-model-source.ts';
import { crossOriginIsolationHeaders } from './cross-origin-isolation.ts';
import { FlagError, FlagTypeError } from '../../util/flag-error.ts';

export interface WebServerOptions {
  /** The built pages (see build-site.ts), served at the root. */
  readonly site: string;
  /** A model folder written by `ftd export`, served under /model/; none for a server that only probes the browser. */
  readonly model?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
}

export interface WebServer {
  /** The root address, ending in a slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** onnxruntime-web's dist folder (ort-wasm-*.mjs and .wasm), which the pages load through `wasmPaths`. */
const onnxruntimeWebDist = dirname(fileURLToPath(import.meta.resolve('onnxruntime-web')));

/**
 * Serves the demo and harness pages at /, onnxruntime-web's wasm files at /ort/ and the model folder at /model/,
 * every response cross-origin isolated so the pages can run wasm on several threads.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { port, host } = await checkWebServerOptions(options);

  const server = Fastify({ logger: false });
  server.addHook('onRequest', async (_request, reply) => {
    reply.headers(crossOriginIsolationHeaders);
  });
  // @fastify/static takes absolute roots only; flags name folders relative to the working directory.
  await server.register(fastifyStatic, { root: resolve(options.site), prefix: '/', index: 'index.html' });
  await server.register(fastifyStatic, { root: onnxruntimeWebDist, prefix: '/ort/', decorateReply: false, index: false });
  if (options.model !== undefined) {
    // The model may be re-exported while the server runs: browsers revalidate (ETag) instead of caching.
    await server.register(fastifyStatic, { root: resolve(options.model), prefix: '/model/', decorateReply: false, index: false, maxAge: 0 });
  }
  try {
    await server.listen({ port, host });
  } catch (error) {
    await server.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new RangeError(`port ${port} on ${host} is in use; choose another --port, or --port 0 for a free one`);
    throw error;
  }
  const address = server.server.address() as AddressInfo;
  // Listening on every interface: the address to open in a browser on this machine is the loopback one.
  const reachable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const hostPart = address.family === 'IPv6' ? `[${reachable}]` : reachable;
  return { url: `http://${hostPart}:${address.port}/`, close: () => server.close() };
}

/** The port, host and model folder checked, so a bad flag fails before anything is built or bound. */
export async function checkWebServerOptions(options: Omit<WebServerOptions, 'site'>): Promise<{ port: number; host: string }> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FlagError('--port', `--port must be an integer in [0, 65535], found ${port}`);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') throw new FlagTypeError('--host', `--host must be a host name or address, found ${JSON.stringify(host)}`);
  // A folder that is not a model is refused with the manifest checker's own message.
  if (options.model !== undefined) await readManifest(fileModelSource(options.model));
  return { port, host };
}
