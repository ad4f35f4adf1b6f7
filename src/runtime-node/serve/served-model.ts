import type { Detector } from '../../runtime-common/detector.ts';
import { openDetector } from '../../runtime-common/open-detector.ts';
import { runParity, type ParityReport } from '../../runtime-common/run-parity.ts';
import type { ModelSource } from '../../runtime-common/session.ts';
import { sha256Hex } from '../../runtime-common/sha256.ts';
import { fileModelSource } from '../file-model-source.ts';
import { nodeSessionFactory, type NodeEp, type NodeEpRequest } from '../node-session.ts';
import { selfCheckFailure } from './self-check-failure.ts';

/** Which export answered a request: what clients log and compare after a model swap. */
export interface ModelIdentity {
  /** The run the model was exported from (model.json `name`). */
  readonly name: string;
  /** The first 16 hex digits of the sha256 of model.json, which records every graph's sha256: one id per export. */
  readonly id: string;
  readonly sha256: { readonly teacher: string; readonly student: string };
}

/** A model that passed its self-check and may serve. */
export interface ServedModel {
  readonly folder: string;
  readonly identity: ModelIdentity;
  readonly detector: Detector;
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
 * test_data_set_0. Only a model that passes is returned; otherwise its sessions are released and the error
 * says why, so a broken or half-copied export never answers a request.
 */
export async function loadServedModel(folder: string, options: { ep: NodeEpRequest; threads: number }): Promise<ServedModel> {
  const { source, manifestText } = capturingManifest(fileModelSource(folder));
  const { factory, skipped } = nodeSessionFactory(options.ep, { threads: options.threads });
  const detector = await openDetector(source, factory);
  try {
    const { manifest } = detector;
    // The text openDetector parsed, not a second read that a copy in progress could have changed since.
    const id = modelIdOf(await sha256Hex(new TextEncoder().encode(manifestText())));
    const identity: ModelIdentity = { name: manifest.name, id, sha256: { teacher: manifest.graphs.teacher.sha256, student: manifest.graphs.student.sha256 } };
    const selfCheck = await runParity(detector, source, `node-${detector.ep}`);
    if (!selfCheck.pass) throw new SelfCheckError(identity, selfCheck);
    return { folder, identity, detector, selfCheck, skippedEps: skipped };
  } catch (error) {
    await detector.release();
    throw error;
  }
}

/** A model id from the sha256 (hex) of its model.json bytes. */
export function modelIdOf(manifestSha256: string): string {
  return manifestSha256.slice(0, 16);
}

/** A source that remembers the first model.json text it hands out. */
function capturingManifest(files: ModelSource): { source: ModelSource; manifestText: () => string } {
  let text: string | undefined;
  const source: ModelSource = {
    location: files.location,
    readBytes: (file) => files.readBytes(file),
    readText: async (file) => {
      const content = await files.readText(file);
      if (file === 'model.json') text ??= content;
      return content;
    },
  };
  return {
    source,
    manifestText: () => {
      if (text === undefined) throw new Error(`${files.location}/model.json was never read`);
      return text;
    },
  };
}
