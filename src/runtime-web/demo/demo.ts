import { createDetector, type WebDetector } from '../create-detector.ts';
import { drawFace, drawHeatmap, drawMask } from './draw-overlay.ts';
import { element, errorShower } from './page-elements.ts';
import { runtimeFromAddress } from './runtime-from-address.ts';
import { acceptDroppedFiles } from './drop-zone.ts';
import { showSampleFaces } from './sample-strip.ts';
import './page.css';
import { verdict as verdictOf } from './verdict.ts';

/** The demo page: drop, choose or click a face; see the verdict, the attention heat map and the mask beside it. */

const modelLine = element<HTMLParagraphElement>('model');
const status = element<HTMLParagraphElement>('status');
const fileInput = element<HTMLInputElement>('file');
const dropZone = element<HTMLLabelElement>('drop');
const samples = element<HTMLDivElement>('samples');
const result = element<HTMLDivElement>('result');
const score = element<HTMLOutputElement>('score');
const verdict = element<HTMLSpanElement>('verdict');
const timing = element<HTMLSpanElement>('timing');
const panels = element<HTMLDivElement>('panels');
const face = element<HTMLCanvasElement>('face');
const view = element<HTMLCanvasElement>('view');
const maskView = element<HTMLCanvasElement>('mask');

const showError = errorShower(status);

async function analyse(detector: WebDetector, file: File): Promise<void> {
  status.className = '';
  status.textContent = `Analysing ${file.name}...`;
  delete score.dataset.prob;
  // Decoded without colour conversion and with EXIF orientation, as the exporter's reference decoder does.
  const image = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  try {
    const started = performance.now();
    const detection = await detector.detect(image);
    const milliseconds = performance.now() - started;
    const { h, w } = detector.manifest.featureGrid;
    const overlay = { attention: detection.attention, mask: detection.mask, h, w, fit: detector.manifest.input.fit };
    drawFace(face, image);
    drawHeatmap(view, image, overlay);
    drawMask(maskView, image, overlay);
    panels.hidden = false;
    // Full-precision values for scripts and tests; the text shows 4 decimals.
    result.dataset.attention = Array.from(detection.attention).join(',');
    result.dataset.mask = Array.from(detection.mask).join(',');
    result.dataset.file = file.name;
    score.textContent = detection.prob.toFixed(4);
    const { text, kind } = verdictOf(detection.prob);
    verdict.textContent = text;
    verdict.className = kind;
    timing.textContent = `${milliseconds.toFixed(1)} ms per image on ${detection.ep}${detection.ep.includes('wasm') ? ` (${detector.threads} thread(s))` : ''}`;
    result.hidden = false;
    status.textContent = file.name;
    score.dataset.prob = String(detection.prob);
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
  status.textContent = 'Drop a face image, choose one, or try a sample.';
  // One picture at a time: a second arriving while the first runs waits its turn instead of racing it.
  let queue = Promise.resolve();
  const take = (file: File) => {
    queue = queue.then(() => analyse(detector, file)).catch(showError);
  };
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) take(file);
  });
  acceptDroppedFiles(dropZone, take);
  await showSampleFaces(samples, take, showError).catch(showError);
  fileInput.disabled = false;
  document.body.dataset.ready = 'true';
}

start().catch(showError);
