import type { Detector } from '../../runtime-common/detector.ts';
import type { FaceFinder } from '../../runtime-common/faces/face-finder.ts';
import { openFaceFinder } from '../../runtime-common/faces/open-face-finder.ts';
import type { ModelManifest } from '../../runtime-common/model-manifest.ts';
import { openDetector } from '../../runtime-common/open-detector.ts';
import { runParity, type ParityReport } from '../../runtime-common/run-parity.ts';
import type { ModelSource } from '../../runtime-common/session.ts';
import { sha256Hex } from '../../runtime-common/sha256.ts';
import { fileModelSource } from '../../runtime-node/file-model-source.ts';
import { nodeSessionFactory, type NodeEp, type NodeEpRequest } from '../../runtime-node/node-session.ts';

export interface CheckedDetector {
  readonly detector: Detector;
  /** The model's face detector, on the same EP; undefined when model.json has no face graph. */
  readonly faces: FaceFinder | undefined;
  readonly manifest: ModelManifest;
  /** sha256 of the model.json text the detector was opened from. */
  readonly manifestSha256: string;
  /** The parity self-check on the folder's test_data_set_0; the caller decides what a failure means. */
  readonly selfCheck: ParityReport;
  readonly skippedEps: Array<{ ep: NodeEp; reason: string }>;
}

/** model.json -> graphs checked against their sha256 -> sessions (the face detector's too) -> the parity self-check, in this thread. */
export async function openCheckedDetector(folder: string, options: { ep: NodeEpRequest; threads: number }): Promise<CheckedDetector> {
  const { source, manifestText } = capturingManifest(fileModelSource(folder));
  // The session shares the cores with HTTP parsing and decoding; spinning threads would take them (on 2 cores,
  // served throughput at concurrency 64 rose from about 390 to 560 images/s without it).
  const { factory, skipped } = nodeSessionFactory(options.ep, { threads: options.threads, spin: false });
  const detector = await openDetector(source, factory);
  let faces: FaceFinder | undefined;
  try {
    if (detector.manifest.graphs.face) faces = await openFaceFinder(source, factory);
    // The text openDetector parsed, not a second read that a copy in progress could have changed since.
    const manifestSha256 = await sha256Hex(new TextEncoder().encode(manifestText()));
    // face.onnx is held to its own reference too: a server that finds faces wrongly must not serve.
    const selfCheck = await runParity(detector, source, `node-${detector.ep}`, { faceSessions: faces ? factory : undefined });
    return { detector, faces, manifest: detector.manifest, manifestSha256, selfCheck, skippedEps: skipped };
  } catch (error) {
    await faces?.release();
    await detector.release();
    throw error;
  }
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
