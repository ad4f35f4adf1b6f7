import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { facesFolder, ftdBin, modelTiny, repositoryRoot, waitFor } from './serve-fixture.ts';

/** `ftd serve` as a deployment runs it: the real CLI in its own process, stopped by SIGTERM. */

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** The real `ftd serve` on the fixture model, cpu, one thread and a free port, once it prints its address. */
async function startServe(flags: string[]) {
  const args = [ftdBin, 'serve', modelTiny, '--port', '0', '--ep', 'cpu', '--threads', '1', ...flags];
  const server = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child = server;
  const output = { stdout: '', stderr: '' };
  server.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk));
  server.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  await waitFor('the bound address on stdout', () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output.stdout));
  const address = /listening on (\S+)/.exec(output.stdout)![1]!;
  return { server, output, exited, address };
}

describe('ftd serve and SIGTERM', () => {
  it('answers every request it accepted before SIGTERM, refuses new connections, and exits 0', async () => {
    // A long --max-wait-ms, waited out whatever arrives, keeps the requests queued, so SIGTERM lands while the
    // server is busy with them.
    const { server, output, exited, address } = await startServe(['--max-batch', '64', '--max-wait-ms', '20000', '--always-wait']);
    await waitFor('/healthz 200', async () => (await fetch(`${address}/healthz`)).status === 200);

    const face = await readFile(join(facesFolder, '02-real-id1-c23.jpg'));
    const sent = 12;
    const replies = Array.from({ length: sent }, () =>
      fetch(`${address}/v1/detect`, { method: 'POST', body: face, headers: { 'content-type': 'image/jpeg' } }).then(
        async (response) => ({ status: response.status, json: (await response.json()) as { prob?: number; error?: unknown } }),
        (error: Error) => ({ status: 0, json: { error: String((error.cause as Error | undefined)?.message ?? error.message) } as { prob?: number; error?: unknown } }),
      ),
    );
    await waitFor(`${sent} images queued`, async () => /^ftd_serve_queue_depth 12$/m.test(await (await fetch(`${address}/metrics`)).text()));

    const signalled = performance.now();
    server.kill('SIGTERM');
    const answered = await Promise.all(replies);
    expect(answered.map((reply) => reply.status)).toEqual(Array(sent).fill(200));
    expect(new Set(answered.map((reply) => reply.json.prob)).size).toBe(1);
    // Drained at once, not after the 20 s the images would otherwise have waited for company.
    expect(performance.now() - signalled).toBeLessThan(15_000);

    expect(await exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
    expect(output.stderr).toMatch(/SIGTERM: draining/);
    expect(output.stderr).toMatch(/drained; bye/);
  });

  it('exits at once with 128 + the signal on a second signal while draining, as ftd train does', async () => {
    const { server, output, exited, address } = await startServe(['--timeout-ms', '60000']);
    const { port } = new URL(address);
    // A request whose body never finishes arriving: the drain waits for it, so the second signal finds it draining.
    const upload = connect(Number(port), '127.0.0.1');
    upload.on('error', () => undefined);
    await new Promise<void>((resolve) => upload.on('connect', resolve));
    const head = 'POST /v1/detect HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: image/jpeg\r\ncontent-length: 100000\r\n\r\n';
    await new Promise<void>((resolve) => upload.write(Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xd8])]), () => resolve()));
    // A reply on another connection, sent after the upload's head: by then the server has read that head too.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBeLessThan(600);

    server.kill('SIGTERM');
    await waitFor('draining on stderr', () => /SIGTERM: draining/.test(output.stderr));
    server.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(output.stderr).toMatch(/SIGTERM again while draining: exiting without waiting/);
    expect(output.stderr).not.toMatch(/drained; bye/);
    upload.destroy();
  });
});
