import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../../src/serve/start-server.ts';
import type { ServeOptions } from '../../../src/serve/serve-options.ts';

import { modelTiny } from '../../runtime/model-tiny.ts';

// The fixture model and faces, the real-CLI runner and the runtime folder Dawn wants are the runtime tests'.
export { badImagesFolder, facesFolder, modelTiny, runFtd } from '../../runtime/model-tiny.ts';
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const ftdBin = join(repositoryRoot, 'bin/ftd.mjs');

/**
 * A real server on 127.0.0.1 and a free port, on the cpu EP with one thread (the tests share two cores), and one
 * decoding thread, as on a server with cores to spare, whatever this machine's default.
 */
export async function startTestServer(options: Partial<ServeOptions> = {}): Promise<RunningServer & { logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ model: modelTiny, host: '127.0.0.1', port: 0, ep: 'cpu', threads: 1, decodeThreads: 1, log: (line) => logs.push(line), ...options });
  return Object.assign(server, { logs });
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: any;
}

/** POSTs one image (or any body) to /v1/detect. */
export async function postImage(address: string, body: Uint8Array | string, contentType: string | undefined, query = ''): Promise<Reply> {
  const response = await fetch(`${address}/v1/detect${query}`, {
    method: 'POST',
    body: body as Uint8Array<ArrayBuffer> | string,
    headers: contentType === undefined ? {} : { 'content-type': contentType },
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** POSTs images as multipart/form-data parts, in order. */
export async function postParts(address: string, parts: ReadonlyArray<{ field: string; filename: string; type: string; bytes: Uint8Array }>): Promise<Reply> {
  const form = new FormData();
  for (const part of parts) form.append(part.field, new Blob([part.bytes as Uint8Array<ArrayBuffer>], { type: part.type }), part.filename);
  const response = await fetch(`${address}/v1/detect`, { method: 'POST', body: form });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

export async function getJson(address: string, path: string): Promise<Reply> {
  const response = await fetch(`${address}${path}`);
  return { status: response.status, headers: response.headers, json: await response.json() };
}

/** A temporary folder, removed by the returned function. */
export async function temporaryFolder(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function copyFolder(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true, force: true });
}

/** Polls `check` every 25 ms until it returns true, failing with `what` after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
