import { mostFakeFace, type ScoredFace } from '../../runtime-common/faces/score-faces.ts';
import { createFaceScorer, type WebFaceScorer } from '../create-face-scorer.ts';
import { acceptDroppedFiles } from '../demo/drop-zone.ts';
import { element, errorShower } from '../demo/page-elements.ts';
import '../demo/page.css';
import { runtimeFromAddress } from '../demo/runtime-from-address.ts';
import { showSampleFaces } from '../demo/sample-strip.ts';
import { verdict as verdictOf } from '../demo/verdict.ts';
import { drawFaces } from './draw-faces.ts';
import { startWebcam, type Webcam } from './webcam.ts';

/** The photo page: drop, choose or click a photo, or start the webcam; every face gets a box and a verdict. */

const modelLine = element<HTMLParagraphElement>('model');
const status = element<HTMLParagraphElement>('status');
const fileInput = element<HTMLInputElement>('file');
const dropZone = element<HTMLLabelElement>('drop');
const samples = element<HTMLDivElement>('samples');
const cameraButton = element<HTMLButtonElement>('webcam');
const result = element<HTMLDivElement>('result');
const verdict = element<HTMLSpanElement>('verdict');
const timing = element<HTMLSpanElement>('timing');
const photo = element<HTMLCanvasElement>('photo');
const faceList = element<HTMLOListElement>('faces');

const showError = errorShower(status);

/** Scores one picture and shows it with its faces, its verdict and the time the model took. */
async function show(scorer: WebFaceScorer, picture: ImageBitmap | HTMLCanvasElement, name: string): Promise<void> {
  const started = performance.now();
  const faces = await scorer.score(picture);
  const milliseconds = performance.now() - started;
  const worst = mostFakeFace(faces);
  const most = worst === undefined ? undefined : faces.indexOf(worst);
  drawFaces(photo, picture, faces, most);
  faceList.replaceChildren(...faces.map(faceItem));
  if (worst === undefined || most === undefined) {
    verdict.textContent = 'no face found';
    verdict.className = 'none';
  } else {
    const { text, kind } = verdictOf(worst.prob);
    verdict.textContent = faces.length > 1 ? `${text} (face ${most + 1} of ${faces.length})` : text;
    verdict.className = kind;
  }
  timing.textContent = `${milliseconds.toFixed(0)} ms for ${faces.length} face(s) on ${scorer.ep}${scorer.ep.includes('wasm') ? ` (${scorer.threads} thread(s))` : ''}`;
  // Full-precision values for scripts and tests.
  result.dataset.faces = JSON.stringify(faces.map(({ box, score, region, prob }) => ({ box, score, region, prob })));
  result.dataset.file = name;
  result.hidden = false;
  photo.hidden = false;
}

function faceItem(face: ScoredFace): HTMLLIElement {
  const item = document.createElement('li');
  const { text, kind } = verdictOf(face.prob);
  item.className = kind;
  item.textContent = `${text}: probability of fake ${face.prob.toFixed(4)}, face detector ${face.score.toFixed(2)}`;
  return item;
}

async function analyse(scorer: WebFaceScorer, file: File): Promise<void> {
  status.className = '';
  status.textContent = `Analysing ${file.name}...`;
  delete result.dataset.file;
  // Decoded without colour conversion and with EXIF orientation, as the Node decoder does.
  const image = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none', imageOrientation: 'from-image' });
  try {
    await show(scorer, image, file.name);
    status.textContent = file.name;
  } finally {
    image.close();
  }
}

async function start(): Promise<void> {
  const scorer = await createFaceScorer(new URL('model/', location.href), runtimeFromAddress());
  const { name, input } = scorer.manifest;
  modelLine.textContent = `Model "${name}" (${input.size} px faces, found by face.onnx) on ${scorer.ep}${scorer.ep.includes('wasm') ? `, ${scorer.threads} thread(s)` : ''}.`;
  status.textContent = 'Drop a photo, choose one, try a sample, or start the webcam.';
  // One picture at a time: a second arriving while the first runs waits its turn instead of racing it.
  let queue = Promise.resolve();
  let webcam: Webcam | undefined;
  const stopWebcam = () => {
    webcam?.stop();
    webcam = undefined;
    cameraButton.textContent = 'Start the webcam';
  };
  const take = (file: File) => {
    stopWebcam();
    queue = queue.then(() => analyse(scorer, file)).catch(showError);
  };
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) take(file);
  });
  acceptDroppedFiles(dropZone, take);
  cameraButton.addEventListener('click', () => {
    if (webcam) return stopWebcam();
    queue = queue
      .then(async () => {
        status.className = '';
        status.textContent = 'Webcam: every face of each frame, as fast as the model goes.';
        webcam = await startWebcam((frame) => show(scorer, frame, 'webcam'), (error) => (stopWebcam(), showError(error)));
        cameraButton.textContent = 'Stop the webcam';
      })
      .catch(showError);
  });
  await showSampleFaces(samples, take, showError, 'photos.json').catch(showError);
  fileInput.disabled = false;
  cameraButton.disabled = false;
  document.body.dataset.ready = 'true';
}

start().catch(showError);
