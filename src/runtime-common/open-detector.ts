import { FusedDetector, MaskThenClassify, type Detector } from './detector.ts';
import { parseModelManifest, type GraphEntry, type ModelManifest } from './model-manifest.ts';
import type { GraphRole, ModelSource, SessionFactory } from './session.ts';
import { sha256Hex } from './sha256.ts';

export interface OpenOptions {
  /** Use detector.onnx (one session, TopK in the graph) instead of teacher + student with the mask in code. */
  readonly fused?: boolean;
}

export async function readManifest(source: ModelSource): Promise<ModelManifest> {
  const file = `${source.location}/model.json`;
  let text: string;
  try {
    text = await source.readText('model.json');
  } catch (error) {
    throw new Error(`${file} could not be read (${(error as Error).message}); is ${source.location} a folder written by "ftd export"?`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseModelManifest(json, file);
}

/**
 * Reads one graph and refuses it unless its size and sha256 are the ones model.json recorded, so a truncated
 * copy or a file from another export never reaches a session.
 */
export async function readVerifiedGraph(source: ModelSource, entry: GraphEntry): Promise<Uint8Array> {
  const bytes = await source.readBytes(entry.file);
  const where = `${source.location}/${entry.file}`;
  if (bytes.length !== entry.bytes) {
    throw new RangeError(`${where} is ${bytes.length} bytes but model.json records ${entry.bytes}: the file is truncated or was replaced; copy the model folder again`);
  }
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256) {
    throw new RangeError(`${where} has sha256 ${digest} but model.json records ${entry.sha256}: the file was modified; copy the model folder again`);
  }
  return bytes;
}

/** model.json -> verified graphs -> sessions -> the detector (mask-then-classify, or the fused graph). */
export async function openDetector(source: ModelSource, createSession: SessionFactory, options: OpenOptions = {}): Promise<Detector> {
  const manifest = await readManifest(source);
  const open = async (role: GraphRole) => {
    const entry = manifest.graphs[role];
    if (!entry) throw new RangeError(`${source.location}/model.json has no ${role} graph; export with --fused to get detector.onnx`);
    return createSession(await readVerifiedGraph(source, entry), role);
  };
  if (options.fused) return new FusedDetector(manifest, await open('detector'));
  const teacher = await open('teacher');
  try {
    return new MaskThenClassify(manifest, teacher, await open('student'));
  } catch (error) {
    await teacher.release();
    throw error;
  }
}
