import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detector } from '../../../../src/runtime-common/detector.ts';
import type { DetectedFace, FaceFinder } from '../../../../src/runtime-common/faces/face-finder.ts';
import { mostFakeFace, scoreFaces } from '../../../../src/runtime-common/faces/score-faces.ts';
import { resizeToSquare, toNchw, type DecodedImage } from '../../../../src/runtime-common/preprocess.ts';
import { openNodeDetector } from '../../../../src/runtime-node/open-node-detector.ts';
import { decodeRgb } from '../../../../src/util/decode-rgb.ts';
import { facesFolder, modelTiny } from '../../../runtime/model-tiny.ts';

/** A finder that reports given boxes: the forgery-detector side of scoreFaces is what is tested here. */
function boxesFinder(faces: DetectedFace[]): FaceFinder {
  return { detect: async () => faces, release: async () => {} };
}

/** Two 160 px face fixtures pasted side by side on a 480 x 240 grey canvas, at (20, 40) and (300, 60). */
async function twoFaces(): Promise<{ image: DecodedImage; tiles: DecodedImage[] }> {
  const tiles = await Promise.all(['01-swap-id0-c23.jpg', '02-real-id1-c23.jpg'].map((name) => decodeRgb(join(facesFolder, name))));
  const width = 480;
  const data = new Uint8Array(width * 240 * 3).fill(90);
  for (const [tile, [left, top]] of [[tiles[0]!, [20, 40]], [tiles[1]!, [300, 60]]] as const) {
    for (let row = 0; row < tile.height; row++) data.set(tile.data.subarray(row * tile.width * 3, (row + 1) * tile.width * 3), ((top + row) * width + left) * 3);
  }
  return { image: { data, width, height: 240, channels: 3 }, tiles };
}

describe('scoreFaces (model-tiny on onnxruntime-node)', () => {
  let detector: Detector;

  beforeAll(async () => {
    detector = (await openNodeDetector(modelTiny, { ep: 'cpu' })).detector;
  });

  afterAll(async () => {
    await detector.release();
  });

  it('crops each face by the crop rule and scores the crop as the plain face image scores', async () => {
    const { image, tiles } = await twoFaces();
    // A box 160 / 1.3 wide centred on each tile: the crop rule's square is exactly the pasted tile.
    const side = 160 / 1.3;
    const faces = [
      { box: { x: 100 - side / 2, y: 120 - side / 2, width: side, height: side }, score: 0.9 },
      // A narrower box: the square follows its longer side.
      { box: { x: 380 - side * 0.4, y: 140 - side / 2, width: side * 0.8, height: side }, score: 0.7 },
    ];
    const scored = await scoreFaces(boxesFinder(faces), detector, detector.manifest, image);
    expect(scored.map((face) => face.region)).toEqual([
      { x: 20, y: 40, width: 160, height: 160 },
      { x: 300, y: 60, width: 160, height: 160 },
    ]);
    const { size, fit } = detector.manifest.input;
    const plain = await detector.detect(toNchw(tiles.map((tile) => resizeToSquare(tile, size, fit)), size), 2);
    expect(scored[0]!.prob).toBeCloseTo(plain.prob[0]!, 6);
    expect(scored[1]!.prob).toBeCloseTo(plain.prob[1]!, 6);
    expect(scored.map((face) => [face.score, face.attention.length, face.mask.length])).toEqual([[0.9, 16, 16], [0.7, 16, 16]]);
    expect(Array.from(scored[1]!.attention)).toEqual(Array.from(plain.attention.subarray(16, 32)));
    expect(mostFakeFace(scored)!.prob).toBe(Math.max(scored[0]!.prob, scored[1]!.prob));
  });

  it('answers [] for an image without faces, without running the forgery detector', async () => {
    const { image } = await twoFaces();
    expect(await scoreFaces(boxesFinder([]), detector, detector.manifest, image)).toEqual([]);
    expect(mostFakeFace([])).toBeUndefined();
  });
});
