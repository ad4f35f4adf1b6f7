import type { Detection, Detector } from './detector.ts';
import { MaskThenClassify } from './detector.ts';
import { compareMask, compareOutput, toleranceFor, type MaskComparison, type OutputComparison, type Tolerance } from './parity.ts';
import { checkFaceGraph } from './faces/face-parity.ts';
import type { ModelSource, SessionFactory } from './session.ts';
import { decodeTensorProto, type NamedTensor } from './tensor-proto.ts';

/** One runtime's result against the reference outputs in test_data_set_0. */
export interface ParityReport {
  readonly runtime: string;
  readonly ep: string;
  readonly images: number;
  readonly tolerance: Tolerance;
  /** attention, vit_logit, cnn_logit, logit, prob: whichever the detector produces; then face boxes and scores when checked. */
  readonly outputs: OutputComparison[];
  readonly mask: MaskComparison;
  /** When the mask flipped at the top-k boundary, the student is also compared on the reference mask. */
  readonly studentOnReferenceMask?: OutputComparison;
  readonly pass: boolean;
  readonly seconds: number;
}

export interface TestData {
  readonly inputs: Map<string, NamedTensor>;
  readonly outputs: Map<string, NamedTensor>;
}

/** Reads test_data_set_0 (ONNX backend-test layout: input_<i>.pb, output_<i>.pb, named TensorProtos). */
export async function readTestData(source: ModelSource, folder: string, inputCount: number, outputCount: number): Promise<TestData> {
  const read = async (kind: 'input' | 'output', count: number) => {
    const tensors = new Map<string, NamedTensor>();
    for (let i = 0; i < count; i++) {
      const file = `${folder}/${kind}_${i}.pb`;
      const tensor = decodeTensorProto(await source.readBytes(file), `${source.location}/${file}`);
      tensors.set(tensor.name, tensor);
    }
    return tensors;
  };
  return { inputs: await read('input', inputCount), outputs: await read('output', outputCount) };
}

export interface ParityOptions {
  /** Default: the detector's EP's tolerance (see `toleranceFor`). */
  readonly tolerance?: Tolerance;
  /** Also check face.onnx, when the folder has it, on sessions from this factory (the same runtime's). */
  readonly faceSessions?: SessionFactory;
}

/** Runs the reference inputs through `detector` (and face.onnx, given `faceSessions`) and compares every output with the reference. */
export async function runParity(detector: Detector, source: ModelSource, runtime: string, options: ParityOptions = {}): Promise<ParityReport> {
  const tolerance = options.tolerance ?? toleranceFor(detector.ep);
  const { manifest } = detector;
  const data = await readTestData(source, manifest.testData.folder, manifest.testData.inputs.length, manifest.testData.outputs.length);
  const image = floatTensor(data.inputs, 'image', source);
  const n = image.dims[0]!;
  const started = performance.now();
  const detection = await detector.detect(image.data, n);
  const expected = (name: string) => floatTensor(data.outputs, name, source).data;

  const { h, w, k } = manifest.featureGrid;
  const referenceMask = expected('mask');
  const mask = compareMask(referenceMask, detection.mask, expected('attention'), h * w, k, manifest.mask.strategy, tolerance);
  const flippedImages = imagesWithMaskDifferences(referenceMask, detection.mask, h * w);

  const outputs: OutputComparison[] = [];
  const fields: Array<[keyof Detection, string]> = [['attention', 'attention'], ['vitLogit', 'vit_logit'], ['cnnLogit', 'cnn_logit'], ['logit', 'logit'], ['prob', 'prob']];
  for (const [field, name] of fields) {
    const actual = detection[field] as Float32Array | undefined;
    if (!actual) continue;
    // An image whose mask flipped at the boundary has a legitimately different student output; it is
    // checked below on the reference mask instead.
    const skip = name === 'logit' || name === 'prob' ? flippedImages : new Set<number>();
    outputs.push(compareOutput(name, withoutImages(expected(name), skip, n), withoutImages(actual, skip, n), tolerance));
  }

  let studentOnReferenceMask: OutputComparison | undefined;
  if (flippedImages.size > 0 && detector instanceof MaskThenClassify) {
    const logit = await detector.classify(image.data, referenceMask, n);
    studentOnReferenceMask = compareOutput('logit (reference mask)', expected('logit'), logit, tolerance);
  }
  if (options.faceSessions) outputs.push(...(await checkFaceGraph(source, manifest, options.faceSessions, tolerance)));
  const seconds = (performance.now() - started) / 1000;
  const pass = mask.pass && outputs.every((o) => o.pass) && (studentOnReferenceMask?.pass ?? true);
  return { runtime, ep: detector.ep, images: n, tolerance, outputs, mask, studentOnReferenceMask, pass, seconds };
}

function floatTensor(tensors: Map<string, NamedTensor>, name: string, source: ModelSource) {
  const tensor = tensors.get(name);
  if (!tensor) throw new RangeError(`${source.location}: test data has no tensor named "${name}" (found: ${[...tensors.keys()].join(', ')})`);
  if (tensor.type !== 'float32') throw new TypeError(`${source.location}: test tensor "${name}" must be float32, found ${tensor.type}`);
  return tensor as NamedTensor & { data: Float32Array };
}

function imagesWithMaskDifferences(a: Float32Array, b: Float32Array, positions: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.add(Math.floor(i / positions));
  return out;
}

function withoutImages(values: Float32Array, skip: Set<number>, n: number): Float32Array {
  if (skip.size === 0) return values;
  const perImage = values.length / n;
  return values.filter((_, i) => !skip.has(Math.floor(i / perImage)));
}
