import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../../util/atomic.ts';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from './safetensors.ts';
import { validateRunRecord, type RunFile, type RunRecord } from './run-record.ts';

export const checkpointFileName = 'checkpoint.safetensors';
export const runFileName = 'run.json';
/** The safetensors metadata key holding the run record that belongs to exactly these tensors. */
const recordMetadataKey = 'ftd.run';

export interface LoadedCheckpoint {
  record: RunRecord;
  tensors: Map<string, StoredTensor>;
  /** The checkpoint's path, for error messages about its tensors. */
  file: string;
  /** Things worth telling the user, e.g. that run.json was stale and the checkpoint's own record was used. */
  notes: string[];
}

/**
 * Writes `<runDirectory>/checkpoint.safetensors`, then `run.json`, each atomically. The checkpoint carries
 * its own copy of the record in its metadata and run.json carries the checkpoint's sha256, so a crash
 * between the two writes leaves a new checkpoint beside an old run.json, which loading detects and
 * resolves from the checkpoint's copy; a new run.json can never sit beside an old checkpoint.
 *
 * Refuses to write non-finite values: a checkpoint is the last good state a diverged run falls back to.
 */
export async function saveCheckpoint(
  runDirectory: string,
  state: ReadonlyArray<readonly [string, tf.Variable]>,
  record: RunRecord,
): Promise<RunFile['checkpoint']> {
  const tensors = new Map<string, StoredTensor>();
  for (const [name, variable] of state) {
    if (tensors.has(name)) throw new RangeError(`checkpoint state names ${name} twice`);
    const data = new Float32Array(await variable.data<'float32'>());
    const bad = data.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new NonFiniteStateError(name, bad, data[bad]!);
    }
    tensors.set(name, { shape: variable.shape, data });
  }
  const bytes = encodeSafetensors(tensors, { [recordMetadataKey]: JSON.stringify(record) });
  const checkpoint = { file: checkpointFileName, sha256: sha256(bytes), bytes: bytes.length };
  await writeFileAtomic(join(runDirectory, checkpointFileName), bytes);
  const runFile: RunFile = { ...record, checkpoint };
  await writeFileAtomic(join(runDirectory, runFileName), `${JSON.stringify(runFile, null, 2)}\n`);
  return checkpoint;
}

/** A tensor about to be checkpointed holds NaN or Infinity: the run diverged and the old checkpoint stays. */
export class NonFiniteStateError extends RangeError {
  override name = 'NonFiniteStateError';
  constructor(readonly tensor: string, readonly index: number, readonly value: number) {
    super(`tensor ${tensor} holds ${value} at index ${index}; not checkpointing a diverged state`);
  }
}

/** Reads and checks a run's checkpoint and its record (see `saveCheckpoint` for which record wins). */
export async function loadCheckpoint(runDirectory: string): Promise<LoadedCheckpoint> {
  const file = join(runDirectory, checkpointFileName);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new RangeError(`no checkpoint to load: ${file} does not exist`);
    throw error;
  });
  const { tensors, metadata } = decodeSafetensors(bytes, file);
  const embedded = metadata[recordMetadataKey];
  if (embedded === undefined) {
    throw new TypeError(`${file} is a safetensors file but not an ftd checkpoint: its metadata has no "${recordMetadataKey}" record`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(embedded);
  } catch {
    throw new TypeError(`${file}: the "${recordMetadataKey}" metadata is not JSON`);
  }
  const record = validateRunRecord(parsed, `${file} (metadata ${recordMetadataKey})`);
  const notes: string[] = [];
  const runFile = join(runDirectory, runFileName);
  const described = await readRunFileChecksum(runFile);
  const actual = sha256(bytes);
  if (described !== actual) {
    notes.push(
      `${runFile} ${described === null ? 'is missing or unreadable' : 'describes another checkpoint (sha256 differs)'}, ` +
        `as after a crash between the two writes; using the record stored in ${file} (step ${record.step})`,
    );
  }
  return { record, tensors, file, notes };
}

/** Reads run.json for tools that only want the record (eval, export); checks it matches the checkpoint. */
export async function readRunFile(runDirectory: string): Promise<RunFile> {
  const file = join(runDirectory, runFileName);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new RangeError(`${file} does not exist; is ${runDirectory} a run folder written by ftd train?`);
    throw error;
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const record = validateRunRecord(parsed, file);
  const checkpoint = (parsed as { checkpoint?: RunFile['checkpoint'] }).checkpoint;
  if (typeof checkpoint?.sha256 !== 'string') throw new TypeError(`${file}: checkpoint.sha256 must be a string`);
  return { ...record, checkpoint };
}

async function readRunFileChecksum(file: string): Promise<string | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { checkpoint?: { sha256?: unknown } };
    return typeof parsed.checkpoint?.sha256 === 'string' ? parsed.checkpoint.sha256 : null;
  } catch {
    return null;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
