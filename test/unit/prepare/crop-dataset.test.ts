import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropImage, faceCropRegion, pixelRegion } from '../../../src/runtime-common/faces/crop-rule.ts';
import { openNodeFaceFinder } from '../../../src/runtime-node/open-node-face-finder.ts';
import { cropDataset } from '../../../src/prepare/crop-dataset.ts';
import { faceApiPackageFolder } from '../../../src/training/face-detector/face-api-weights.ts';
import { openDataset } from '../../../src/training/data/open-dataset.ts';
import { decodeRgb } from '../../../src/util/decode-rgb.ts';
import { copyOfModelTinyWithFaces } from '../../runtime/model-tiny-faces.ts';

const samples = join(faceApiPackageFolder(), 'demo');
const ffmpegMissing = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error ? 'ffmpeg is not installed (bash .ci/system-packages.sh installs it)' : undefined;
if (ffmpegMissing) console.warn(`ftd crop tests skipped: ${ffmpegMissing}`);

describe.skipIf(ffmpegMissing !== undefined)('cropDataset (face.onnx on onnxruntime-node cpu, ffmpeg)', () => {
  let model: { folder: string; remove: () => Promise<void> };
  let root: string;
  let data: string;
  let out: string;

  beforeAll(async () => {
    model = await copyOfModelTinyWithFaces();
    root = await mkdtemp(join(tmpdir(), 'ftd-crop-'));
    data = join(root, 'data');
    out = join(root, 'crops');
    await mkdir(join(data, 'real'), { recursive: true });
    await mkdir(join(data, 'fake', 'swap'), { recursive: true });
    await sharp(join(samples, 'sample2.jpg')).resize(640).jpeg({ quality: 95 }).toFile(join(data, 'real', 'person.jpg'));
    await sharp({ create: { width: 200, height: 150, channels: 3, background: { r: 40, g: 90, b: 60 } } }).png().toFile(join(data, 'real', 'empty.png'));
    // Two seconds of a slow pan and zoom over a photo of three people.
    const made = spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-framerate', '10', '-i', join(samples, 'sample1.jpg'), '-vf', "scale=960:640,zoompan=z='1+0.2*on/20':x='(iw-iw/zoom)*on/20':y='(ih-ih/zoom)/2':d=1:s=480x320:fps=10", '-frames:v', '20', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(data, 'fake', 'swap', 'clip.mp4')], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`ffmpeg could not make the test video: ${made.stderr}`);
  });

  afterAll(async () => {
    await model.remove();
    await rm(root, { recursive: true, force: true });
  });

  it('crops the largest face of each photo and sampled frame into a manifest training reads, counting frames without a face', async () => {
    const summary = await cropDataset({ input: data, out, model: model.folder, ep: 'cpu', frames: 4 });
    expect([summary.sources, summary.resumed, summary.frames, summary.framesWithoutFace, summary.crops]).toEqual([3, 0, 6, 1, 5]);
    const dataset = await openDataset(summary.manifest);
    expect(dataset.samples.map((s) => [s.path.slice(out.length + 1), s.label, s.type, s.video])).toEqual([
      ['crops/real/person.jpg/f000_0.png', 0, 'real', 'real/person.jpg'],
      ['crops/fake/swap/clip.mp4/f000_0.png', 1, 'swap', 'fake/swap/clip.mp4'],
      ['crops/fake/swap/clip.mp4/f001_0.png', 1, 'swap', 'fake/swap/clip.mp4'],
      ['crops/fake/swap/clip.mp4/f002_0.png', 1, 'swap', 'fake/swap/clip.mp4'],
      ['crops/fake/swap/clip.mp4/f003_0.png', 1, 'swap', 'fake/swap/clip.mp4'],
    ]);
    // The photo's crop is exactly the crop rule's pixels around the face the face graph finds.
    const photo = await decodeRgb(join(data, 'real', 'person.jpg'));
    const finder = (await openNodeFaceFinder(model.folder, 'cpu'))!;
    const [face] = await finder.detect(photo);
    await finder.release();
    const expected = cropImage(photo, pixelRegion(faceCropRegion(face!.box, photo.width, photo.height), photo.width, photo.height));
    const written = await decodeRgb(join(out, 'crops', 'real', 'person.jpg', 'f000_0.png'));
    expect([written.width, written.height]).toEqual([expected.width, expected.height]);
    expect(written.width).toBe(written.height);
    expect(Buffer.from(written.data).equals(Buffer.from(expected.data))).toBe(true);
  });

  it('continues a stopped run: finished sources are kept, a half-written one is redone, the manifest is the same', async () => {
    const manifest = await readFile(join(out, 'faces.csv'), 'utf8');
    await rm(join(out, 'faces.csv'));
    await rm(join(out, 'crops', 'real', 'person.jpg'), { recursive: true });
    await mkdir(join(out, 'crops', 'real', '.person.jpg.0123456789ab.partial')); // what a kill mid-source leaves
    const summary = await cropDataset({ input: data, out, model: model.folder, ep: 'cpu', frames: 4 });
    expect([summary.resumed, summary.crops]).toEqual([2, 5]);
    expect(await readFile(join(out, 'faces.csv'), 'utf8')).toBe(manifest);
    expect((await readdir(join(out, 'crops', 'real'))).sort()).toEqual(['empty.png', 'person.jpg']);
  });

  it('refuses to continue with other settings, naming --out and what differs', async () => {
    await expect(cropDataset({ input: data, out, model: model.folder, ep: 'cpu', frames: 5 })).rejects.toThrow(/--out .* holds crops made with other settings \(frames 4 there, 5 now\)/);
  });
});
