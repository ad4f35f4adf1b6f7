import { createNodeSession, unavailableReason, type NodeEp } from './node-session.ts';
import { ortErrorReason } from './ort-error.ts';
import { probeModel } from './probe-model.ts';

const probes = new Map<NodeEp, Promise<string | undefined>>();

/**
 * Why an onnxruntime-node EP cannot run on this machine, or undefined when it can: first what the build
 * lacks, then a real session on a one-node graph (a GPU EP with no adapter fails only there). Probed once
 * per process.
 */
export function nodeEpUnavailableReason(ep: NodeEp): Promise<string | undefined> {
  let probe = probes.get(ep);
  if (!probe) {
    probe = runProbe(ep);
    probes.set(ep, probe);
  }
  return probe;
}

async function runProbe(ep: NodeEp): Promise<string | undefined> {
  const missing = unavailableReason(ep);
  if (missing) return missing;
  try {
    const session = await createNodeSession(probeModel(), ep);
    try {
      const out = await session.run({ x: { data: Float32Array.of(1, 2, 3, 4), dims: [1, 4] } });
      const y = out.y?.data;
      if (!y || y[3] !== 16) return `the ${ep} EP ran a probe graph but returned ${y ? `[${Array.from(y).join(', ')}]` : 'nothing'} for 4 * 4`;
    } finally {
      await session.release();
    }
    return undefined;
  } catch (error) {
    return `the ${ep} EP cannot start here: ${ortErrorReason(error)}`;
  }
}
