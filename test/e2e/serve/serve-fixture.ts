import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RunningServer } from '../../../src/runtime-node/serve/start-server.ts';
import type { ServeOptions } from '../../../src/runtime-node/serve/serve-options.ts';

/** The committed tiny export; FTD_TEST_MODEL points these tests at another export, as for the runtime tests. */
export const modelTiny = process.env.FTD_TEST_MODEL ?? fileURLToPath(new URL('../../../fixtures/model-tiny', import.meta.url));
export const facesFolder = fileURLToPath(new URL('../../../fixtures/faces', import.meta.url));
export const badImagesFolder = fileURLToPath(new URL('../../../fixtures/csv-sample/images', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const ftdBin = join(repositoryRoot, 'bin/ftd.mjs');

// Dawn (the webgpu EP) wants a runtime folder; without one it logs an error on every start.
process.env.XDG_RUNTIME_DIR ??= await mkdtemp(join(tmpdir(), 'ftd-xdg-'));

/** A real server on 127.0.0.1 and a free port, on the cpu EP with one thread (the tests share two cores). */
export async function startTestServer(options: Partial<ServeOptions> = {}): Promise<RunningServer & { logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ model: modelTiny, host: '127.0.0.1', port: 0, ep: 'cpu', threads: 1, log: (line) => logs.push(line), ...options });
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

/** Runs the real `ftd` executable and collects its exit code and output. */
export function runFtd(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ftdBin, ...args], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` every 25 ms until it returns true, failing with `what` after `ms`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
