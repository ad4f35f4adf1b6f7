import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaceFinder } from '../../src/runtime-common/faces/open-face-finder.ts';
import { scoreFaces, type ScoredFace } from '../../src/runtime-common/faces/score-faces.ts';
import { openDetector } from '../../src/runtime-common/open-detector.ts';
import { fileModelSource } from '../../src/runtime-node/file-model-source.ts';
import { decodeImage } from '../../src/runtime-node/infer/decode-image.ts';
import { nodeSessionFactory } from '../../src/runtime-node/node-session.ts';
import { buildSite } from '../../src/runtime-node/web-server/build-site.ts';
import { chromiumArguments, findChromium } from '../../src/runtime-node/web-server/chromium.ts';
import { samplePhotos } from '../../src/runtime-node/web-server/sample-photos.ts';
import { startWebServer, type WebServer } from '../../src/runtime-node/web-server/web-server.ts';
import { copyOfModelTinyWithFaces } from '../runtime/model-tiny-faces.ts';
import { browserSkipReason, testModel, warnSkip } from './model-fixture.ts';

const photos = await samplePhotos();
const skipReason = browserSkipReason() ?? (photos.length === 0 ? 'the sample photos of @vladmandic/face-api are not installed (npm ci)' : undefined);
warnSkip(skipReason, 'the photo page test');
/** The test model (a copy) with face.onnx added as `ftd export` writes it. */
const faceModel = skipReason ? undefined : await copyOfModelTinyWithFaces();
const model = faceModel?.folder ?? testModel;
const ffmpegMissing = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'ffmpeg is not installed (it turns a sample photo into the fake camera\'s video)';
  }
})();

/** The fill colours draw-faces.ts gives a fake and a real face's box. */
const BOX_COLOURS = [
  [0xe8, 0x00, 0x3a],
  [0x19, 0xa3, 0x47],
];

describe.skipIf(skipReason !== undefined)('the photo page in headless Chromium', () => {
  let browser: Browser;
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ site: (await buildSite()).folder, model, port: 0 });
    // The fake camera plays a sample photo, so the webcam mode has faces to find.
    const camera = join(tmpdir(), `ftd-photos-page-${process.pid}.y4m`);
    if (!ffmpegMissing) execFileSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', photos[0]!, '-t', '0.2', '-r', '10', '-vf', 'scale=960:-2', '-pix_fmt', 'yuv420p', camera]);
    const fakeCamera = ffmpegMissing ? [] : ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${camera}`];
    browser = await chromium.launch({ executablePath: findChromium()!, headless: true, args: [...chromiumArguments, ...fakeCamera] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await faceModel?.remove();
  });

  it('finds and scores a sample photo\'s faces as scoreFaces does under Node, and draws a box and verdict per face', async () => {
    const expected = await scoreOnNode(photos[0]!);
    expect(expected.length).toBeGreaterThan(0);
    const { page, errors } = await openPage();
    expect(await page.textContent('#model')).toMatch(/on wasm, [2-8] thread\(s\)\.$/);
    expect(await page.$$eval('#samples button', (buttons) => buttons.length)).toBe(photos.length);
    await page.click('#samples button:nth-of-type(1)');
    const faces = await facesShown(page, 'photo-1.jpg');
    // The browser's JPEG decoder and wasm against sharp and the cpu EP: same faces, boxes within a pixel.
    expect(faces).toHaveLength(expected.length);
    faces.forEach((face, i) => {
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(face.box[key] - expected[i]!.box[key]), `face ${i} box.${key}`).toBeLessThanOrEqual(1);
      expect(Math.abs(face.score - expected[i]!.score)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(face.prob - expected[i]!.prob)).toBeLessThanOrEqual(1e-3);
    });
    const probs = faces.map((face) => face.prob);
    const most = probs.indexOf(Math.max(...probs));
    const percent = Math.round(probs[most]! * 100);
    const verdict = probs[most]! >= 0.5 ? `likely fake ${percent}%` : 'likely real';
    expect(await page.textContent('#verdict')).toBe(faces.length > 1 ? `${verdict} (face ${most + 1} of ${faces.length})` : verdict);
    expect(await page.$$eval('#faces li', (items) => items.length)).toBe(faces.length);
    expect(await page.textContent('#timing')).toMatch(new RegExp(`^\\d+ ms for ${faces.length} face\\(s\\) on wasm \\([2-8] thread\\(s\\)\\)$`));
    const { width, height, boxPixels } = await photoCanvas(page);
    expect([width, height]).toEqual([960, 640]);
    expect(boxPixels).toBeGreaterThan(faces.length * 400);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says "no face found" for a photo without one, with an empty list', async () => {
    const { page, errors } = await openPage();
    const blank = join(tmpdir(), `ftd-blank-${process.pid}.png`);
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#8090a0' } }).png().toFile(blank);
    await page.setInputFiles('#file', blank);
    expect(await facesShown(page, blank.split('/').pop()!)).toEqual([]);
    expect(await page.textContent('#verdict')).toBe('no face found');
    expect(await page.$$eval('#faces li', (items) => items.length)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.skipIf(ffmpegMissing !== undefined)('in webcam mode boxes the faces of the camera\'s frames until stopped', async () => {
    const { page, errors } = await openPage();
    await page.click('#webcam');
    const faces = await facesShown(page, 'webcam');
    expect(faces.length).toBeGreaterThan(0);
    for (const face of faces) {
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(960 + 1);
      expect(face.prob).toBeGreaterThanOrEqual(0);
    }
    expect(await page.textContent('#webcam')).toBe('Stop the webcam');
    await page.click('#webcam');
    expect(await page.textContent('#webcam')).toBe('Start the webcam');
    expect((await photoCanvas(page)).boxPixels).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  async function openPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, permissions: ['camera'] });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}photos.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 120_000 });
    return { page, errors };
  }
});

/** The same photo through the same graphs under Node: sharp's decode, the cpu EP. */
async function scoreOnNode(file: string): Promise<ScoredFace[]> {
  const source = fileModelSource(model);
  const { factory } = nodeSessionFactory('cpu', { threads: 1 });
  const detector = await openDetector(source, factory);
  const finder = await openFaceFinder(source, factory);
  try {
    return await scoreFaces(finder, detector, detector.manifest, await decodeImage(file));
  } finally {
    await finder.release();
    await detector.release();
  }
}

interface ShownFace {
  box: { x: number; y: number; width: number; height: number };
  score: number;
  prob: number;
}

async function facesShown(page: Page, file: string): Promise<ShownFace[]> {
  await page.waitForSelector(`#result[data-file="${file}"]`, { state: 'attached', timeout: 120_000 });
  return JSON.parse((await page.getAttribute('#result', 'data-faces'))!) as ShownFace[];
}

/** The photo canvas's size and how many of its pixels have a box's colour. */
function photoCanvas(page: Page) {
  return page.evaluate((colours) => {
    const canvas = document.getElementById('photo') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let boxPixels = 0;
    for (let p = 0; p < data.length; p += 4) if (colours.some(([r, g, b]) => data[p] === r && data[p + 1] === g && data[p + 2] === b)) boxPixels++;
    return { width: canvas.width, height: canvas.height, boxPixels };
  }, BOX_COLOURS);
}
