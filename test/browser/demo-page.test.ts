import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../src/runtime-common/open-detector.ts';
import { compareMask, compareOutput } from '../../src/runtime-common/parity.ts';
import { resizeToSquare, toNchw } from '../../src/runtime-common/preprocess.ts';
import { readTestData } from '../../src/runtime-common/run-parity.ts';
import type { ModelManifest } from '../../src/runtime-common/model-manifest.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { buildSite } from '../../src/runtime-node/web-server/build-site.ts';
import { launchChromium } from '../../src/runtime-node/web-server/chromium.ts';
import { startWebServer, type WebServer } from '../../src/runtime-node/web-server/web-server.ts';
import { browserSkipReason, testModel, warnSkip } from './model-fixture.ts';

/** The first reference face (the exporter sorts fixtures/faces by name): lossless, so every decoder agrees. */
const FACE = fileURLToPath(new URL('../../fixtures/faces/00-real-id0-raw.png', import.meta.url));
const FACE_INDEX = 0;

const skipReason = browserSkipReason();
warnSkip(skipReason, 'the demo page test');

describe.skipIf(skipReason !== undefined)('the demo page in headless Chromium', () => {
  let browser: Browser;
  let server: WebServer;
  let manifest: ModelManifest;
  beforeAll(async () => {
    manifest = await readManifest(fileModelSource(testModel));
    server = await startWebServer({ site: (await buildSite()).folder, model: testModel, port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('scores a chosen face as the reference does, and draws the heat map with the mask outlined', async () => {
    const source = fileModelSource(testModel);
    const reference = await readTestData(source, manifest.testData.folder, manifest.testData.inputs.length, manifest.testData.outputs.length);
    const { size, fit } = manifest.input;
    const plane = 3 * size * size;
    // Precondition: the model's reference image 0 is this face (else the expected values below mean nothing).
    const { data, info } = await sharp(FACE).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const ours = toNchw([resizeToSquare({ data, width: info.width, height: info.height, channels: 3 }, size, fit)], size);
    const theirs = (reference.inputs.get('image')!.data as Float32Array).subarray(FACE_INDEX * plane, (FACE_INDEX + 1) * plane);
    expect(compareOutput('image', theirs, ours, { abs: 1e-6 }).maxAbs, `${testModel}'s reference image ${FACE_INDEX} is not ${FACE}`).toBeLessThanOrEqual(1e-6);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForSelector('#file:not([disabled])', { timeout: 120_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.textContent('#model')).toMatch(/on wasm, [2-8] thread\(s\)/);

    await page.setInputFiles('#file', FACE);
    await page.waitForSelector('#score[data-prob]', { state: 'attached', timeout: 120_000 });
    expect(errors).toEqual([]);

    const positions = manifest.featureGrid.h * manifest.featureGrid.w;
    const row = (name: string, width: number) => (reference.outputs.get(name)!.data as Float32Array).subarray(FACE_INDEX * width, (FACE_INDEX + 1) * width);
    const numbers = async (selector: string, attribute: string) => ((await page.getAttribute(selector, attribute)) ?? '').split(',').map(Number);
    const [prob] = await numbers('#score', 'data-prob');
    expect(Math.abs(prob! - row('prob', 1)[0]!)).toBeLessThanOrEqual(1e-4);
    const attention = await numbers('#result', 'data-attention');
    expect(attention).toHaveLength(positions);
    expect(compareOutput('attention', row('attention', positions), attention, { abs: 1e-4 }).pass).toBe(true);
    const mask = await numbers('#result', 'data-mask');
    const { k } = manifest.featureGrid;
    expect(mask.filter((value) => value === 0)).toHaveLength(manifest.mask.strategy === 'none' ? 0 : k);
    expect(compareMask(row('mask', positions), mask, row('attention', positions), positions, k, manifest.mask.strategy, { abs: 1e-4 }).pass).toBe(true);
    expect(await page.textContent('#score')).toBe(prob!.toFixed(4));

    // What the page holds: the face with the heat map blended in at 45 %, so most pixels move well away
    // from the face's own colours.
    const drawn = await page.evaluate(() => {
      const canvas = document.getElementById('view') as HTMLCanvasElement;
      return { width: canvas.width, height: canvas.height, rgba: Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) };
    });
    expect([drawn.width, drawn.height]).toEqual([info.width, info.height]);
    let changed = 0;
    for (let i = 0; i < info.width * info.height; i++) {
      let distance = 0;
      for (let c = 0; c < 3; c++) distance += Math.abs(drawn.rgba[i * 4 + c]! - data[i * 3 + c]!);
      if (distance > 30) changed++;
    }
    expect(changed / (info.width * info.height)).toBeGreaterThan(0.5);

    // What the user sees: a screenshot of the canvas, many colours, the mask outline among them.
    const shot = await sharp(await page.locator('#view').screenshot()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = shot.info.width * shot.info.height;
    const shown = await page.locator('#view').boundingBox();
    expect(Math.abs(shot.info.width - shown!.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(shot.info.height - shown!.height)).toBeLessThanOrEqual(1);
    let outline = 0;
    for (let p = 0; p < pixels * 3; p += 3) if (shot.data[p]! < 40 && shot.data[p + 1]! > 215 && shot.data[p + 2]! > 215) outline++;
    if (k > 0 && manifest.mask.strategy !== 'none') expect(outline).toBeGreaterThan(0);
    expect(new Set(Array.from({ length: pixels }, (_, i) => shot.data.readUIntBE(i * 3, 3))).size).toBeGreaterThan(100);
    await page.close();
  });
});
