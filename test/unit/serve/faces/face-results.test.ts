import { describe, expect, it } from 'vitest';
import { photoResult } from '../../../../src/serve/faces/face-results.ts';
import type { PhotoFaces } from '../../../../src/serve/faces/photo-faces.ts';
import type { ImageScore } from '../../../../src/serve/score-batch.ts';
import type { ServedModel } from '../../../../src/serve/served-model.ts';

const model = {} as ServedModel;
const score = (prob: number): ImageScore => ({ model, prob, attention: Float32Array.of(0.25, 0.75), mask: Float32Array.of(1, 0) });
const face = (x: number, detector: number) => ({ box: { x, y: 10, width: 40, height: 50 }, score: detector, region: { x: x - 6, y: 5, width: 65, height: 65 } });
const photo = (faces: PhotoFaces['faces'], found = faces.length): PhotoFaces => ({ width: 640, height: 480, faces, found, pixels: faces.map(() => new Float32Array(3)) });

describe('photoResult', () => {
  it('gives each face its box, detector score, crop region, probability and label, and the photo the most fake face\'s verdict', () => {
    const result = photoResult(photo([face(100, 0.99), face(300, 0.9), face(500, 0.7)]), [score(0.2), score(0.81), score(0.6)], false);
    expect(result.faces).toEqual([
      { box: { x: 100, y: 10, width: 40, height: 50 }, score: 0.99, region: { x: 94, y: 5, width: 65, height: 65 }, prob: 0.2, label: 'real' },
      { box: { x: 300, y: 10, width: 40, height: 50 }, score: 0.9, region: { x: 294, y: 5, width: 65, height: 65 }, prob: 0.81, label: 'fake' },
      { box: { x: 500, y: 10, width: 40, height: 50 }, score: 0.7, region: { x: 494, y: 5, width: 65, height: 65 }, prob: 0.6, label: 'fake' },
    ]);
    expect(result).toMatchObject({ prob: 0.81, label: 'fake', most_fake_face: 1, faces_found: 3, image: { width: 640, height: 480 } });
  });

  it('labels a photo whose faces are all below 0.5 real, with the highest probability as its own', () => {
    const result = photoResult(photo([face(100, 0.99), face(300, 0.9)]), [score(0.1), score(0.4)], false);
    expect(result).toMatchObject({ prob: 0.4, label: 'real', most_fake_face: 1 });
  });

  it('answers a photo without a face with "no faces", no probability and an empty list', () => {
    expect(photoResult(photo([]), [], false)).toEqual({ prob: null, label: 'no faces', most_fake_face: null, faces: [], faces_found: 0, image: { width: 640, height: 480 } });
  });

  it('counts the faces found beyond those scored', () => {
    expect(photoResult(photo([face(100, 0.99)], 5), [score(0.3)], false).faces_found).toBe(5);
  });

  it('adds each face\'s attention and mask when asked', () => {
    const [only] = photoResult(photo([face(100, 0.99)]), [score(0.3)], true).faces;
    expect(only).toMatchObject({ attention: [0.25, 0.75], mask: [1, 0] });
  });

  it('refuses scores that do not match the faces one to one', () => {
    expect(() => photoResult(photo([face(100, 0.99)]), [], false)).toThrow(/1 faces but 0 scores/);
  });
});
