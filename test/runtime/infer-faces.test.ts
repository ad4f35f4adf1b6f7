import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropImage, faceCropRegion, pixelRegion } from '../../src/runtime-common/faces/crop-rule.ts';
import { resizeToSquare, toNchw } from '../../src/runtime-common/preprocess.ts';
import { parseScoreFile } from '../../src/runtime-common/score-lines.ts';
import { faceApiPackageFolder } from '../../src/training/face-detector/face-api-weights.ts';
import { runInference } from '../../src/runtime-node/infer/run-inference.ts';
import { openNodeDetector } from '../../src/runtime-node/open-node-detector.ts';
import { openNodeFaceFinder } from '../../src/runtime-node/open-node-face-finder.ts';
import { decodeRgb } from '../../src/util/decode-rgb.ts';
import { copyOfModelTinyWithFaces } from './model-tiny-faces.ts';
import { modelTiny, runFtd } from './model-tiny.ts';

const samples = join(faceApiPackageFolder(), 'demo');
const photos = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'].map((name) => join(samples, name));
const ffmpegMissing = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error ? 'ffmpeg is not installed (bash .ci/system-packages.sh installs it)' : undefined;
if (ffmpegMissing) console.warn(`ftd infer video tests skipped: ${ffmpegMissing}`);

describe('ftd infer per face (model-tiny with face.onnx, onnxruntime-node cpu)', () => {
  let model: { folder: string; remove: () => Promise<void> };
  let scratch: string;

  beforeAll(async () => {
    model = await copyOfModelTinyWithFaces();
    scratch = await mkdtemp(join(tmpdir(), 'ftd-infer-faces-'));
  });

  afterAll(async () => {
    await model.remove();
    await rm(scratch, { recursive: true, force: true });
  });

  it('scores every face the face graph finds, cropped by the crop rule; the photo\'s verdict is its most fake face', async () => {
    const out = join(scratch, 'scores.jsonl');
    const result = await runInference({ model: model.folder, inputs: photos, ep: 'cpu', heatmaps: join(scratch, 'heatmaps'), out });
    // The score file holds each photo's verdict and faces, as the result does.
    expect(parseScoreFile(await readFile(out, 'utf8'), out).scores).toEqual(result.scores.map(({ heatmap: _, ...line }) => JSON.parse(JSON.stringify(line))));
    const finder = (await openNodeFaceFinder(model.folder, 'cpu'))!;
    const { detector } = await openNodeDetector(model.folder, { ep: 'cpu' });
    try {
      for (const [i, score] of result.scores.entries()) {
        const image = await decodeRgb(photos[i]!);
        const found = await finder.detect(image);
        expect(found.length, photos[i]).toBeGreaterThan(0);
        expect(score.faces!.map((face) => face.box)).toEqual(found.map((face) => face.box));
        const regions = found.map((face) => pixelRegion(faceCropRegion(face.box, image.width, image.height), image.width, image.height));
        expect(score.faces!.map((face) => face.region)).toEqual(regions);
        const { size, fit } = detector.manifest.input;
        const direct = await detector.detect(toNchw(regions.map((region) => resizeToSquare(cropImage(image, region), size, fit)), size), regions.length);
        score.faces!.forEach((face, f) => expect(Math.abs(face.prob - direct.prob[f]!)).toBeLessThanOrEqual(1e-6));
        expect(score.prob).toBe(Math.max(...score.faces!.map((face) => face.prob)));
        expect(score.label).toBe(score.prob! >= 0.5 ? 'fake' : 'real');
      }
    } finally {
      await finder.release();
      await detector.release();
    }
    expect((await readdir(join(scratch, 'heatmaps'))).sort()).toEqual(['sample1.png', 'sample2.png', 'sample3.png']);
  });

  it('answers "no faces" for a photo without a face, not a score', async () => {
    const blank = join(scratch, 'blank.png');
    const sharp = (await import('sharp')).default;
    await writeFile(blank, await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 130, b: 140 } } }).png().toBuffer());
    const result = await runInference({ model: model.folder, inputs: [blank], ep: 'cpu' });
    expect(result.scores).toEqual([{ key: blank, path: blank, prob: null, label: 'no faces', faces: [] }]);
  });

  it('scores whole pictures with --no-faces, and refuses --faces on a model without a face graph (exit 2, naming the flag)', async () => {
    const whole = await runInference({ model: model.folder, inputs: [photos[0]!], ep: 'cpu', faces: false });
    expect(whole.scores[0]!.faces).toBeUndefined();
    expect(typeof whole.scores[0]!.prob).toBe('number');
    const refused = await runFtd(['infer', modelTiny, photos[0]!, '--faces', '--ep', 'cpu']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--faces needs a face graph, and .*model-tiny\/model\.json has none/);
  });

  describe.skipIf(ffmpegMissing !== undefined)('videos (ffmpeg)', () => {
    let video: string;

    beforeAll(() => {
      video = join(scratch, 'pan.mp4');
      // Three seconds of a slow pan and zoom over a photo of three people, 480 x 320 at 10 frames a second.
      const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-framerate', '10', '-i', photos[0]!, '-vf', "scale=960:640,zoompan=z='1+0.2*on/30':x='(iw-iw/zoom)*on/30':y='(ih-ih/zoom)/2':d=1:s=480x320:fps=10", '-frames:v', '30', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', video], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`ffmpeg could not make the test video: ${made.stderr}`);
    });

    it('links each face of a panned, zoomed photo into one track, and prints the tracks and JSON', async () => {
      const still = await decodeRgb(photos[0]!);
      const finder = (await openNodeFaceFinder(model.folder, 'cpu'))!;
      const facesInPhoto = (await finder.detect(still)).length;
      await finder.release();
      const frames = 8;
      const result = await runFtd(['infer', model.folder, video, '--ep', 'cpu', '--frames', String(frames), '--json=']);
      expect(result.code, result.stderr).toBe(0);
      const [score] = JSON.parse(result.stdout).scores;
      expect(score.video.frameSeconds).toHaveLength(frames);
      expect(score.video.tracks).toHaveLength(facesInPhoto);
      for (const track of score.video.tracks) expect(track.frames.length).toBeGreaterThanOrEqual(frames - 2);
      expect(score.prob).toBe(score.video.tracks[0].prob);
      const means = score.video.tracks.map((track: { frames: Array<{ prob: number }> }) => track.frames.reduce((sum, f) => sum + f.prob, 0) / track.frames.length);
      score.video.tracks.forEach((track: { prob: number }, i: number) => expect(track.prob).toBeCloseTo(means[i], 9));
    });

    it('refuses a corrupt video naming the file (exit 1) and one over the pixel limit before decoding', async () => {
      const corrupt = join(scratch, 'corrupt.mp4');
      await writeFile(corrupt, Buffer.alloc(4096, 3));
      const broken = await runFtd(['infer', model.folder, corrupt, '--ep', 'cpu']);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain(`${corrupt} cannot be read as a video`);
      await expect(runInference({ model: model.folder, inputs: [video], ep: 'cpu', frames: 4, maxVideoPixels: 480 * 320 * 3 })).rejects.toThrow(/pan\.mp4: 4 frames of 480 x 320 are 614400 pixels, over the limit of 460800/);
    });
  });
});
