import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { modelWithWrongReference } from './model-folders.ts';
import { copyFolder, facesFolder, getJson, modelTiny, postImage, startTestServer, temporaryFolder, waitFor } from './serve-fixture.ts';

/** /healthz is 200 only once the model reproduced its own reference outputs here; until then, 503 and why. */

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function serverOn(folder: string, watch: boolean): Promise<RunningServer> {
  const server = await startTestServer({ model: folder, watch, watchDebounceMs: 100 });
  cleanup.push(() => server.close());
  return server;
}

describe('/healthz and the startup self-check', () => {
  it('is loading at start; 503 with the reason while no model passed; 200 with the self-check once one did', async () => {
    const temporary = await temporaryFolder('ftd-serve-health-');
    cleanup.push(temporary.remove);
    const folder = join(temporary.path, 'model');
    const server = await serverOn(folder, true);
    expect(server.state().state).toBe('loading');
    await expect(server.firstModel).rejects.toThrow(/model\.json could not be read/);

    const before = await getJson(server.address, '/healthz');
    expect(before.status).toBe(503);
    expect(before.json).toMatchObject({ status: 'failed', reason: expect.stringMatching(/model\.json could not be read/) });
    const refused = await postImage(server.address, await readFile(join(facesFolder, '00-real-id0-raw.png')), 'image/png');
    expect(refused.status).toBe(503);
    expect(refused.json.error).toMatchObject({ kind: 'not_ready', message: expect.stringMatching(/^no model is serving: /) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await getJson(server.address, '/readyz')).status).toBe(503);

    await copyFolder(modelTiny, folder);
    await waitFor('/healthz 200 after the model was copied in', async () => (await getJson(server.address, '/healthz')).status === 200);
    const after = await getJson(server.address, '/healthz');
    expect(after.json).toMatchObject({ status: 'ok', ep: 'cpu', selfCheck: { pass: true, tolerance: 1e-4 } });
    expect(after.json.selfCheck.maxAbsDiff.prob).toBeLessThanOrEqual(1e-4);
    expect(after.json.selfCheck.images).toBeGreaterThan(0);
    expect((await getJson(server.address, '/readyz')).status).toBe(200);
    expect((await postImage(server.address, await readFile(join(facesFolder, '00-real-id0-raw.png')), 'image/png')).status).toBe(200);
  });

  it('stays 503 when the model does not reproduce its reference outputs, naming the output that missed', async () => {
    const temporary = await temporaryFolder('ftd-serve-health-');
    cleanup.push(temporary.remove);
    const folder = join(temporary.path, 'model');
    await modelWithWrongReference(folder, 0.01);
    const server = await serverOn(folder, false);
    await expect(server.firstModel).rejects.toThrow(/failed its self-check on cpu: prob max abs diff 1\.00e-2 > 0\.0001/);
    const health = await getJson(server.address, '/healthz');
    expect(health.status).toBe(503);
    expect(health.json).toEqual({ status: 'failed', reason: expect.stringMatching(/failed its self-check on cpu: prob max abs diff .* expected .* got/) });
    const refused = await postImage(server.address, await readFile(join(facesFolder, '00-real-id0-raw.png')), 'image/png');
    expect(refused.status).toBe(503);
    expect(refused.json.error.message).toMatch(/failed its self-check/);
  });
});
