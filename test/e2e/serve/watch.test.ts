import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../../src/runtime-node/file-model-source.ts';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { damageFile, makeSecondExport } from './model-folders.ts';
import { copyFolder, facesFolder, getJson, modelTiny, postImage, startTestServer, temporaryFolder, waitFor } from './serve-fixture.ts';

/**
 * --watch: a new export copied into the served folder while requests flow. The old model answers until the new
 * one has passed its self-check; then every new request gets the new one; no request fails on the way; an
 * export that fails its checks is refused and the old one keeps serving.
 */

let root: { path: string; remove: () => Promise<void> };
let secondExport: string;
let face: Buffer;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  root = await temporaryFolder('ftd-serve-watch-');
  secondExport = await makeSecondExport(root.path);
  face = await readFile(join(facesFolder, '01-swap-id0-c23.jpg'));
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

afterAll(async () => {
  await root?.remove();
});

async function watchedServer(name: string): Promise<{ server: RunningServer & { logs: string[] }; folder: string }> {
  const folder = join(root.path, name);
  await copyFolder(modelTiny, folder);
  const server = await startTestServer({ model: folder, watch: true, watchDebounceMs: 150 });
  cleanup.push(() => server.close());
  await server.firstModel;
  return { server, folder };
}

/** Clients that post the same face in a loop until stopped, recording each reply's status and model. */
function steadyLoad(address: string, clients: number) {
  const replies: Array<Array<{ status: number; id?: string; student?: string }>> = Array.from({ length: clients }, () => []);
  let stopped = false;
  const running = replies.map(async (log) => {
    while (!stopped) {
      const reply = await postImage(address, face, 'image/jpeg');
      log.push({ status: reply.status, id: reply.json.model?.id, student: reply.json.model?.sha256?.student });
    }
  });
  return {
    replies,
    all: () => replies.flat(),
    stop: async () => {
      stopped = true;
      await Promise.all(running);
    },
  };
}

describe('ftd serve --watch', () => {
  it('swaps to a new export copied in under load: no failed request, responses switch to its sha256 and never back', async () => {
    const { server, folder } = await watchedServer('swap');
    const oldId = (await getJson(server.address, '/healthz')).json.model.id as string;
    const newManifest = await readManifest(fileModelSource(secondExport));
    expect(newManifest.graphs.student.sha256).not.toBe((await readManifest(fileModelSource(modelTiny))).graphs.student.sha256);

    const load = steadyLoad(server.address, 4);
    try {
      await waitFor('requests on the old model', () => load.all().length >= 20);
      await copyFolder(secondExport, folder);
      await waitFor('a reply from the new model', () => load.all().some((r) => r.student === newManifest.graphs.student.sha256), 60_000);
      const switched = load.all().length;
      await waitFor('more replies after the switch', () => load.all().length >= switched + 20);
    } finally {
      await load.stop();
    }

    expect(load.all().filter((r) => r.status !== 200)).toEqual([]);
    for (const log of load.replies) {
      const students = log.map((r) => r.student);
      const firstNew = students.indexOf(newManifest.graphs.student.sha256);
      // Each client saw the old model, then only the new one: the swap is atomic and final.
      if (firstNew >= 0) expect(students.slice(firstNew).every((s) => s === newManifest.graphs.student.sha256)).toBe(true);
      expect(students.slice(0, Math.max(firstNew, 0)).every((s) => s !== newManifest.graphs.student.sha256)).toBe(true);
    }
    const health = await getJson(server.address, '/healthz');
    expect(health.json.model).toMatchObject({ name: newManifest.name, sha256: { teacher: newManifest.graphs.teacher.sha256, student: newManifest.graphs.student.sha256 } });
    expect(health.json.model.id).not.toBe(oldId);
    const oldName = (await readManifest(fileModelSource(modelTiny))).name;
    expect(server.logs.some((line) => line.includes(`replaced ${oldName} (${oldId})`))).toBe(true);
  });

  it('refuses a damaged export copied in: logged, the old model keeps serving, /healthz notes the failure', async () => {
    const { server, folder } = await watchedServer('damaged');
    const before = (await getJson(server.address, '/healthz')).json.model;
    const broken = join(root.path, 'broken');
    await copyFolder(secondExport, broken);
    await damageFile(join(broken, 'teacher.onnx'));

    const load = steadyLoad(server.address, 2);
    try {
      await copyFolder(broken, folder);
      // A copy caught half-way may be refused first for its size; the finished copy is refused for its sha256.
      const refusedForSha = async () => /teacher\.onnx has sha256/.test((await getJson(server.address, '/healthz')).json.lastReloadFailure ?? '');
      await waitFor('the refusal in /healthz', refusedForSha, 60_000);
      const noted = load.all().length;
      await waitFor('more replies after the refusal', () => load.all().length >= noted + 10);
    } finally {
      await load.stop();
    }
    expect(load.all().every((r) => r.status === 200 && r.id === before.id)).toBe(true);
    const health = await getJson(server.address, '/healthz');
    expect(health.status).toBe(200);
    expect(health.json.model).toEqual(before);
    expect(health.json.lastReloadFailure).toMatch(/teacher\.onnx has sha256 [0-9a-f]{64} but model\.json records [0-9a-f]{64}/);
    expect(server.logs.some((line) => line.startsWith(`kept serving ${before.name} (${before.id}): the new model was refused`))).toBe(true);
    const metrics = await (await fetch(`${server.address}/metrics`)).text();
    expect(metrics).toMatch(/^ftd_serve_model_loads_total\{result="fail"\} [1-9]\d*$/m);
  });
});
