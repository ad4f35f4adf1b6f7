import { openDetector } from '../../runtime-common/open-detector.ts';
import { runParity } from '../../runtime-common/run-parity.ts';
import { nodeEpUnavailableReason } from '../ep-probe.ts';
import { fileModelSource } from '../file-model-source.ts';
import { mergePlacements, type NodePlacement } from '../node-placement.ts';
import { nodeSessionFactory, type NodeEp } from '../node-session.ts';
import type { ParityRunOptions, ParityRuntime, PlacedParityReport } from './runtime.ts';

/** onnxruntime-node on one EP, exactly (no fallback: a parity run must say what it checked). */
export function nodeRuntime(ep: NodeEp): ParityRuntime {
  return {
    name: `node-${ep}`,
    unavailableReason: () => nodeEpUnavailableReason(ep),
    run: (modelFolder, options) => runOnNode(ep, modelFolder, options),
  };
}

export function nodeRuntimes(): ParityRuntime[] {
  return [nodeRuntime('cpu'), nodeRuntime('webgpu'), nodeRuntime('cuda')];
}

async function runOnNode(ep: NodeEp, modelFolder: string, options: ParityRunOptions): Promise<PlacedParityReport> {
  const source = fileModelSource(modelFolder);
  const { factory, sessions } = nodeSessionFactory(ep, { profile: true });
  const detector = await openDetector(source, factory, { fused: options.fused });
  try {
    const report = await runParity(detector, source, `node-${ep}`);
    const placements = (await Promise.all(sessions.map((session) => session.placement()))).filter(
      (placement): placement is NodePlacement => placement !== undefined,
    );
    return { ...report, placement: mergePlacements(placements) };
  } finally {
    await detector.release();
  }
}
