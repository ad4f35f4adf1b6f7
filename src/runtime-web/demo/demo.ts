import { createDetector, type WebDetector } from '../create-detector.ts';
import type { WebEp } from '../ort-web-session.ts';
import { drawHeatmap } from './draw-overlay.ts';

/** The demo page: pick a face image, see the probability of fake, the attention heat map and the mask. */

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const modelLine = element<HTMLParagraphElement>('model');
const status = element<HTMLParagraphElement>('status');
const fileInput = element<HTMLInputElement>('file');
const result = element<HTMLDivElement>('result');
const score = element<HTMLOutputElement>('score');
const verdict = element<HTMLSpanElement>('verdict');
const timing = element<HTMLSpanElement>('timing');
const view = element<HTMLCanvasElement>('view');

function showError(error: unknown): void {
  status.className = 'error';
  status.textContent = error instanceof Error ? error.message : String(error);
}

/** ?ep=webgpu&threads=2 choose the runtime; anything else is refused by name. */
function runtimeFromAddress(): { ep: WebEp; threads?: number } {
  const query = new URLSearchParams(location.search);
  const ep = query.get('ep') ?? 'wasm';
  if (ep !== 'wasm' && ep !== 'webgpu') throw new RangeError(`?ep= must be wasm or webgpu, found "${ep}"`);
  const threadsText = query.get('threads');
  if (threadsText === null) return { ep };
  const threads = Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`?threads= must be a positive integer, found "${threadsText}"`);
  return { ep, threads };
}

async function analyse(detector: WebDetector, file: File): Promise<void> {
  status.className = '';
  status.textContent = `Analysing ${file.name}...`;
  // Decoded without colour conversion and with EXIF orientation, as the exporter's reference decoder does.
  const image = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  try {
    const started = performance.now();
    const detection = await detector.detect(image);
    const milliseconds = performance.now() - started;
    const { h, w } = detector.manifest.featureGrid;
    drawHeatmap(view, image, { attention: detection.attention, mask: detection.mask, h, w, fit: detector.manifest.input.fit });
    // Full-precision values for scripts and tests; the text shows 4 decimals.
    result.dataset.attention = Array.from(detection.attention).join(',');
    result.dataset.mask = Array.from(detection.mask).join(',');
    score.dataset.prob = String(detection.prob);
    score.textContent = detection.prob.toFixed(4);
    verdict.textContent = detection.prob >= 0.5 ? 'likely fake' : 'likely real';
    verdict.className = detection.prob >= 0.5 ? 'fake' : 'real';
    timing.textContent = `${milliseconds.toFixed(1)} ms on ${detection.ep}`;
    result.hidden = false;
    status.textContent = `${file.name}: probability of fake ${detection.prob.toFixed(4)}`;
  } finally {
    image.close();
  }
}

async function start(): Promise<void> {
  const detector = await createDetector(new URL('model/', location.href), runtimeFromAddress());
  const { name, input, featureGrid } = detector.manifest;
  modelLine.textContent =
    `Model "${name}" (${input.size} px, ${featureGrid.h}x${featureGrid.w} grid, k ${featureGrid.k}) on ${detector.ep}` +
    `${detector.ep.includes('wasm') ? `, ${detector.threads} thread(s)` : ''}.`;
  status.textContent = 'Choose a face image.';
  fileInput.disabled = false;
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    delete score.dataset.prob;
    if (file) analyse(detector, file).catch(showError);
  });
}

start().catch(showError);
