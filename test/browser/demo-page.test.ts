import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
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

  it('offers a real sample face and one of each forgery family, and clicking one shows a verdict, heat map, mask, runtime and time', async () => {
    const { page, errors } = await openDemo();
    const kinds = await page.$$eval('#samples button', (buttons) => buttons.map((button) => (button as HTMLElement).dataset.kind));
    expect(kinds).toEqual(['real', 'swap', 'reenact', 'texture']);
    // Every thumbnail loaded: the server serves the samples (under COEP, which blocks what lacks the headers).
    // Waits until each image has finished, loaded or failed (a blocked one is complete with no width): on a
    // busy machine the page can be ready before its thumbnails are.
    await page.waitForFunction(() => [...document.querySelectorAll('#samples img')].every((image) => (image as HTMLImageElement).complete), undefined, { timeout: 30_000 });
    expect(await page.$$eval('#samples img', (images) => images.map((image) => (image as HTMLImageElement).naturalWidth))).toEqual([160, 160, 160, 160]);

    await page.click('#samples button[data-kind="swap"]');
    await page.waitForSelector('#result[data-file="01-swap-id0-c23.jpg"] #score[data-prob]', { state: 'attached', timeout: 120_000 });
    const prob = Number(await page.getAttribute('#score', 'data-prob'));
    expect(prob).toBeGreaterThanOrEqual(0);
    expect(prob).toBeLessThanOrEqual(1);
    const verdict = (await page.textContent('#verdict'))!;
    expect(verdict).toBe(prob >= 0.5 ? `likely fake ${Math.round(prob * 100)}%` : 'likely real');
    expect(await page.getAttribute('#verdict', 'class')).toBe(prob >= 0.5 ? 'fake' : 'real');
    expect(await page.textContent('#timing')).toMatch(/^\d+\.\d ms per image on wasm \([2-8] thread\(s\)\)$/);
    for (const id of ['face', 'view', 'mask']) {
      const { width, height, colours, opaque } = await canvasPixels(page, id);
      expect([width, height], id).toEqual([160, 160]);
      expect(opaque, id).toBe(160 * 160);
      expect(colours, id).toBeGreaterThan(100);
    }
    // The heat map and the mask each differ from the plain face over much of the picture.
    expect(await differingFraction(page, 'face', 'view')).toBeGreaterThan(0.5);
    if (manifest.mask.strategy !== 'none' && manifest.featureGrid.k > 0) expect(await differingFraction(page, 'face', 'mask')).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('analyses a face dropped on the drop zone, and looks right in a screenshot', async () => {
    const { page, errors } = await openDemo();
    const bytes = Array.from(await readFile(FACE));
    await page.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], 'dropped.png', { type: 'image/png' }));
      const zone = document.getElementById('drop')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForSelector('#result[data-file="dropped.png"] #score[data-prob]', { state: 'attached', timeout: 120_000 });
    expect(await page.textContent('#verdict')).toMatch(/^likely (fake \d+%|real)$/);
    expect(await page.textContent('#status')).toBe('dropped.png');
    const shot = join(tmpdir(), `ftd-demo-page-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.info(`demo page screenshot: ${shot}`);
    const { info } = await sharp(shot).toBuffer({ resolveWithObject: true });
    expect(info.width).toBeGreaterThan(400);
    expect(errors).toEqual([]);
    await page.close();
  });

  /** The demo, loaded with its samples; `errors` collects what the page throws. */
  async function openDemo(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 120_000 });
    return { page, errors };
  }
});

/** A canvas's size, how many of its pixels are opaque and how many distinct colours it holds. */
function canvasPixels(page: Page, id: string) {
  return page.evaluate((canvasId) => {
    const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    let opaque = 0;
    for (let p = 0; p < data.length; p += 4) {
      colours.add((data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!);
      if (data[p + 3] === 255) opaque++;
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, opaque };
  }, id);
}

/** The share of pixels whose RGB differs by more than 30 in total between two same-sized canvases. */
function differingFraction(page: Page, first: string, second: string) {
  return page.evaluate(([a, b]) => {
    const pixels = (id: string) => {
      const canvas = document.getElementById(id) as HTMLCanvasElement;
      return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const [x, y] = [pixels(a!), pixels(b!)];
    let differing = 0;
    for (let p = 0; p < x.length; p += 4) if (Math.abs(x[p]! - y[p]!) + Math.abs(x[p + 1]! - y[p + 1]!) + Math.abs(x[p + 2]! - y[p + 2]!) > 30) differing++;
    return differing / (x.length / 4);
  }, [first, second]);
}
