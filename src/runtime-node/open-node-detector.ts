import type { Detector } from '../runtime-common/detector.ts';
import { openDetector } from '../runtime-common/open-detector.ts';
import { fileModelSource } from './file-model-source.ts';
import { nodeSessionFactory, type NodeEp, type NodeEpRequest, type NodeSessionOptions } from './node-session.ts';

export interface NodeDetectorOptions extends NodeSessionOptions {
  readonly ep?: NodeEpRequest;
  readonly fused?: boolean;
}

/** A detector for a model folder on onnxruntime-node, with the EPs that were passed over and why. */
export async function openNodeDetector(folder: string, options: NodeDetectorOptions = {}): Promise<{
  detector: Detector;
  skipped: Array<{ ep: NodeEp; reason: string }>;
}> {
  const { factory, skipped } = nodeSessionFactory(options.ep ?? 'auto', options);
  const detector = await openDetector(fileModelSource(folder), factory, { fused: options.fused });
  return { detector, skipped };
}
