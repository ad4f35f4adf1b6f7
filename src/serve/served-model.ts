import type { Detector } from '../runtime-common/detector.ts';
import type { ParityReport } from '../runtime-common/run-parity.ts';
import type { NodeEp, NodeEpRequest } from '../runtime-node/node-session.ts';
import { modelIdOf } from '../runtime-common/model-id.ts';
import { selfCheckFailure } from './self-check-failure.ts';
import { openWorkerDetector, type ThreadFaceFinder } from './worker/worker-detector.ts';

/** Which export answered a request: what clients log and compare after a model swap. */
export interface ModelIdentity {
  /** The run the model was exported from (model.json `name`). */
  readonly name: string;
  /** The first 16 hex digits of the sha256 of model.json, which records every graph's sha256: one id per export. */
  readonly id: string;
  /** The graphs' sha256; `face` only for a model with a face detector. */
  readonly sha256: { readonly teacher: string; readonly student: string; readonly face?: string };
}

/** A model that passed its self-check and may serve. */
export interface ServedModel {
  readonly folder: string;
  readonly identity: ModelIdentity;
  /** Runs in a thread of its own, so batches do not stop the server's HTTP work. */
  readonly detector: Detector;
  /** The face detector (face.onnx), in the detector's thread; undefined for a model exported without one. */
  readonly faces: ThreadFaceFinder | undefined;
  readonly selfCheck: ParityReport;
  /** EPs passed over on the way to the one that runs, and why. */
  readonly skippedEps: ReadonlyArray<{ ep: NodeEp; reason: string }>;
}

/** The export loaded but does not reproduce its own reference outputs here; the report says where. */
export class SelfCheckError extends Error {
  override name = 'SelfCheckError';

  constructor(
    readonly identity: ModelIdentity,
    readonly report: ParityReport,
  ) {
    super(`${identity.name} (${identity.id}) failed its self-check on ${report.ep}: ${selfCheckFailure(report)}`);
  }
}

/**
 * model.json -> graphs checked against their sha256 -> sessions -> the parity self-check on the folder's
 * test_data_set_0, all in the model's own thread. Only a model that passes is returned; otherwise its thread is
 * stopped and the error says why, so a broken or half-copied export never answers a request.
 */
export async function loadServedModel(folder: string, options: { ep: NodeEpRequest; threads: number }): Promise<ServedModel> {
  const { detector, faces, manifestSha256, selfCheck, skippedEps } = await openWorkerDetector(folder, options);
  const { manifest } = detector;
  const { teacher, student, face } = manifest.graphs;
  const identity: ModelIdentity = { name: manifest.name, id: modelIdOf(manifestSha256), sha256: { teacher: teacher.sha256, student: student.sha256, ...(face ? { face: face.sha256 } : {}) } };
  if (!selfCheck.pass) {
    await detector.release();
    throw new SelfCheckError(identity, selfCheck);
  }
  return { folder, identity, detector, faces, selfCheck, skippedEps };
}
