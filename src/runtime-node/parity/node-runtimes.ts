import { openDetector } from '../../runtime-common/open-detector.ts';
import { runParity } from '../../runtime-common/run-parity.ts';
import { nodeEpUnavailableReason } from '../ep-probe.ts';
import { fileModelSource } from '../file-model-source.ts';
import { mergePlacements, type NodePlacement } from '../node-placement.ts';
import { nodeSessionFactory, type NodeEp } from '../node-session.ts';
import { withoutDawnLimitNotices } from '../../util/dawn-notices.ts';
import { runTypeScriptProcess } from '../../util/typescript-process.ts';
import { decodeReport } from './report-json.ts';
import type { ParityRunOptions, ParityRuntime, PlacedParityReport } from './runtime.ts';

/** onnxruntime-node on one EP, exactly (no fallback: a parity run must say what it checked). */
export function nodeRuntime(ep: NodeEp): ParityRuntime {
  return {
    name: `node-${ep}`,
    // onnxruntime's own Dawn prints its limit-clamp notices from native code whenever it creates a webgpu
    // session, which no JavaScript in this process can hold back when stderr is a file; a child's output can be.
    unavailableReason: ep === 'webgpu' ? () => probeInChild(ep) : () => nodeEpUnavailableReason(ep),
    run: (modelFolder, options) =>
      ep === 'webgpu' ? inChild({ ep, modelFolder, fused: options.fused }).then(decodeReport) : runOnNode(ep, modelFolder, options),
  };
}

export function nodeRuntimes(): ParityRuntime[] {
  return [nodeRuntime('cpu'), nodeRuntime('webgpu'), nodeRuntime('cuda')];
}

export async function runOnNode(ep: NodeEp, modelFolder: string, options: ParityRunOptions): Promise<PlacedParityReport> {
  const source = fileModelSource(modelFolder);
  const { factory, sessions } = nodeSessionFactory(ep, { profile: true });
  const detector = await openDetector(source, factory, { fused: options.fused });
  try {
    // face.onnx gets sessions of its own, unprofiled: the placement below describes the detector's graphs, and a
    // released session's profile can no longer be read.
    const report = await runParity(detector, source, `node-${ep}`, { faceSessions: nodeSessionFactory(ep).factory });
    const placements = (await Promise.all(sessions.map((session) => session.placement()))).filter(
      (placement): placement is NodePlacement => placement !== undefined,
    );
    return { ...report, placement: mergePlacements(placements) };
  } finally {
    await detector.release();
  }
}

const childProbes = new Map<NodeEp, Promise<string | undefined>>();

/** `nodeEpUnavailableReason` asked in a child process, once per process and EP. */
function probeInChild(ep: NodeEp): Promise<string | undefined> {
  let probe = childProbes.get(ep);
  if (!probe) {
    probe = inChild({ ep, probe: true }).then((line) => (JSON.parse(line) as { reason: string | null }).reason ?? undefined);
    childProbes.set(ep, probe);
  }
  return probe;
}

/** Runs node-child.ts with `request`; resolves to its last line of stdout, passing its stderr on without Dawn's notices. */
async function inChild(request: object): Promise<string> {
  const { code, stdout, stderr } = await runTypeScriptProcess(new URL('./node-child.ts', import.meta.url), [JSON.stringify(request)]);
  const messages = withoutDawnLimitNotices(stderr);
  if (code !== 0) {
    throw new Error(`the parity process stopped with exit code ${code}: ${messages.trim().split('\n').slice(-3).join(' / ') || 'it printed nothing'}`);
  }
  if (messages !== '') process.stderr.write(messages);
  return stdout.trim().split('\n').at(-1)!;
}
