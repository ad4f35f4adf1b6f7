import { request } from 'node:http';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/runtime-node/web-server/build-site.ts';
import { serveWeb } from '../../src/runtime-node/web-server/serve-web.ts';
import { startWebServer, type WebServer } from '../../src/runtime-node/web-server/web-server.ts';
import { modelSkipReason, testModel, warnSkip } from './model-fixture.ts';

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Every file under `folder`, as URL paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** GET (or HEAD) with the path sent exactly as written: fetch would resolve `..` segments before sending. */
function rawRequest(url: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

warnSkip(modelSkipReason, 'the web server tests');

describe.skipIf(modelSkipReason !== undefined)('ftd web server', () => {
  let site: string;
  let server: WebServer;
  beforeAll(async () => {
    site = (await buildSite()).folder;
    server = await startWebServer({ site, model: testModel, port: 0 });
  });
  afterAll(async () => server?.close());

  it('listens on 127.0.0.1 by default at the address it reports', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('puts COOP same-origin and COEP require-corp on every response: pages, scripts, wasm, model files, errors', async () => {
    const ortFiles = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];
    const paths = [
      '/',
      ...(await filesUnder(site)).map((file) => `/${file}`),
      ...ortFiles.map((file) => `/ort/${file}`),
      ...(await filesUnder(testModel)).map((file) => `/model/${file}`),
    ];
    expect(paths).toEqual(expect.arrayContaining(['/index.html', '/demo.js', '/harness.html', '/harness.js', '/samples.json', '/samples/00-real-id0-raw.png', '/photos.html', '/photos.js', '/photos.json', '/model/model.json']));
    for (const path of paths) {
      const response = await rawRequest(server.url, path, path.endsWith('.wasm') ? 'HEAD' : 'GET');
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect({ path, ...pick(response.headers) }).toEqual({ path, ...ISOLATION });
    }
    for (const path of ['/missing.js', '/model/missing.onnx', '/model/%2e%2e/package.json', '/ort/..%2fpackage.json', '/model/..%2f..%2fpackage.json']) {
      const response = await rawRequest(server.url, path);
      expect(response.status, `${path} must not be served`).toBeGreaterThanOrEqual(400);
      expect({ path, ...pick(response.headers) }).toEqual({ path, ...ISOLATION });
    }
  });

  it('serves .wasm as application/wasm and scripts as JavaScript, as browsers require for streaming compile and modules', async () => {
    expect((await rawRequest(server.url, '/ort/ort-wasm-simd-threaded.wasm', 'HEAD')).headers['content-type']).toBe('application/wasm');
    expect((await rawRequest(server.url, '/ort/ort-wasm-simd-threaded.mjs', 'HEAD')).headers['content-type']).toMatch(/javascript/);
    expect((await rawRequest(server.url, '/demo.js', 'HEAD')).headers['content-type']).toMatch(/javascript/);
  });

  it('serveWeb (ftd web) serves the demo page at the address it logs until stopped', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let listening!: (url: string) => void;
    const address = new Promise<string>((resolve) => (listening = resolve));
    const served = serveWeb({
      model: testModel,
      port: 0,
      signal: stop.signal,
      log: (line) => {
        lines.push(line);
        const url = /at (http:\/\/\S+\/) /.exec(line)?.[1];
        if (url) listening(url);
      },
    });
    const url = await Promise.race([address, served.then(() => Promise.reject(new Error(`serveWeb ended early: ${lines.join(' / ')}`)))]);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="demo.js">');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    stop.abort();
    await served;
    expect(lines.at(-1)).toBe('stopped');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('serves a model folder named relative to the working directory', async () => {
    const relativeServer = await startWebServer({ site: relative(process.cwd(), site), model: relative(process.cwd(), testModel), port: 0 });
    try {
      expect((await fetch(`${relativeServer.url}model/model.json`)).status).toBe(200);
      expect((await fetch(relativeServer.url)).status).toBe(200);
    } finally {
      await relativeServer.close();
    }
  });

  it('refuses a folder that is not an exported model, naming model.json', async () => {
    const faces = fileURLToPath(new URL('../../fixtures/faces', import.meta.url));
    await expect(startWebServer({ site, model: faces, port: 0 })).rejects.toThrow(/model\.json/);
  });

  it('says which port is taken and how to pick another', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startWebServer({ site, model: testModel, port })).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use.*--port 0`));
  });

  it('refuses a port outside [0, 65535] with a RangeError naming --port', async () => {
    await expect(startWebServer({ site, model: testModel, port: 70000 })).rejects.toThrow(RangeError);
    await expect(startWebServer({ site, model: testModel, port: 70000 })).rejects.toThrow(/--port .*70000/);
  });
});

function pick(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(ISOLATION).map((name) => [name, headers[name]]));
}
