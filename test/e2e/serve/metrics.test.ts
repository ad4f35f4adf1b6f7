import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../../src/runtime-node/file-model-source.ts';
import type { RunningServer } from '../../../src/serve/start-server.ts';
import { parsePrometheusText, sampleValue, type Exposition } from './prometheus-text.ts';
import { facesFolder, modelTiny, postImage, startTestServer } from './serve-fixture.ts';

/** /metrics is valid Prometheus text, and its counters move by exactly what the server did. */

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ maxWaitMs: 20 });
  await server.firstModel;
});

afterAll(async () => {
  await server?.close();
});

async function scrape(): Promise<Exposition> {
  const response = await fetch(`${server.address}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const value = (exposition: Exposition, name: string, labels: Record<string, string> = {}) => sampleValue(exposition, name, labels) ?? 0;

describe('GET /metrics', () => {
  it('declares the server\'s metric families with their types', async () => {
    const { types } = await scrape();
    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('ftd_serve_') && !/process|nodejs/.test(name)))).toEqual({
      ftd_serve_requests_total: 'counter',
      ftd_serve_errors_total: 'counter',
      ftd_serve_request_duration_seconds: 'histogram',
      ftd_serve_images_total: 'counter',
      ftd_serve_batch_size: 'histogram',
      ftd_serve_batch_duration_seconds: 'histogram',
      ftd_serve_detect_in_progress: 'gauge',
      ftd_serve_queue_depth: 'gauge',
      ftd_serve_model_info: 'gauge',
      ftd_serve_model_loads_total: 'counter',
    });
  });

  it('names the serving model and EP in the model info gauge', async () => {
    const manifest = await readManifest(fileModelSource(modelTiny));
    const info = (await scrape()).samples.filter((s) => s.name === 'ftd_serve_model_info');
    expect(info).toHaveLength(1);
    expect(info[0]!.value).toBe(1);
    expect(info[0]!.labels).toEqual({ name: manifest.name, id: expect.stringMatching(/^[0-9a-f]{16}$/), teacher_sha256: manifest.graphs.teacher.sha256, student_sha256: manifest.graphs.student.sha256, ep: 'cpu' });
    expect(value(await scrape(), 'ftd_serve_model_loads_total', { result: 'pass' })).toBe(1);
  });

  it('counts requests by route and status, errors by kind, images, batches and latencies', async () => {
    const face = await readFile(join(facesFolder, '02-real-id1-c23.jpg'));
    const before = await scrape();
    const good = 24;
    const replies = await Promise.all(Array.from({ length: good }, () => postImage(server.address, face, 'image/jpeg')));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect((await postImage(server.address, 'not an image', 'image/jpeg')).status).toBe(400);
    expect((await postImage(server.address, 'plain text', 'text/plain')).status).toBe(415);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(moved('ftd_serve_requests_total', { route: '/v1/detect', status: '200' })).toBe(good);
    expect(moved('ftd_serve_requests_total', { route: '/v1/detect', status: '400' })).toBe(1);
    expect(moved('ftd_serve_requests_total', { route: '/v1/detect', status: '415' })).toBe(1);
    expect(moved('ftd_serve_errors_total', { kind: 'bad_image' })).toBe(1);
    expect(moved('ftd_serve_errors_total', { kind: 'unsupported_media_type' })).toBe(1);
    expect(moved('ftd_serve_images_total')).toBe(good);
    expect(moved('ftd_serve_batch_size_sum')).toBe(good);
    const batches = moved('ftd_serve_batch_size_count');
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(good);
    expect(moved('ftd_serve_request_duration_seconds_count', { route: '/v1/detect' })).toBe(good + 2);
    expect(moved('ftd_serve_request_duration_seconds_sum', { route: '/v1/detect' })).toBeGreaterThan(0);
    expect(value(after, 'ftd_serve_queue_depth')).toBe(0);
    expect(value(after, 'ftd_serve_detect_in_progress')).toBe(0);
  });

  it('keeps histogram buckets cumulative, ending at +Inf with the count', async () => {
    const exposition = await scrape();
    for (const family of ['ftd_serve_batch_size', 'ftd_serve_batch_duration_seconds']) {
      const buckets = exposition.samples.filter((s) => s.name === `${family}_bucket`);
      expect(buckets.at(-1)!.labels.le).toBe('+Inf');
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      expect(buckets.at(-1)!.value).toBe(value(exposition, `${family}_count`));
    }
  });
});
