import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as ort from 'onnxruntime-node';
import { countPlacement, profilePrefix, type NodePlacement } from './node-placement.ts';
import { ortErrorReason } from './ort-error.ts';
import { webGpuAdapter } from '../util/webgpu-adapter-probe.ts';
import { OrtSession } from '../runtime-common/ort-session.ts';
import type { GraphRole, Session, SessionFactory } from '../runtime-common/session.ts';

/** onnxruntime-node's execution providers that ftd uses, in the order `auto` tries them. */
export const NODE_EPS = ['cuda', 'webgpu', 'cpu'] as const;
export type NodeEp = (typeof NODE_EPS)[number];
export type NodeEpRequest = NodeEp | 'auto';

export interface NodeSessionOptions {
  /** Intra-op threads for the cpu EP; 0 lets onnxruntime choose (one per core). */
  readonly threads?: number;
  /** Record onnxruntime's per-node profile so `placement()` can say which EP ran each node (slows runs). */
  readonly profile?: boolean;
  /**
   * Whether idle intra-op threads spin waiting for work (onnxruntime's default: yes). Spinning shortens each run
   * when the session has the cores to itself, and steals them from everything else when it does not. Measured on
   * 2 cores, mask-then-classify without it: batch 1 latency 1.4 -> 2.0 ms, batch 32 throughput +15-30% (the
   * teacher's and the student's pools no longer spin against each other); the fused graph loses about 10%.
   */
  readonly spin?: boolean;
}

/** An onnxruntime-node session in the runtime-common interface, with the EP placement its profile records. */
export class NodeSession extends OrtSession {
  constructor(
    session: ort.InferenceSession,
    override readonly ep: NodeEp,
    private profilePrefix?: string,
  ) {
    super(session, ort.Tensor, ep);
  }

  /**
   * How many nodes of the optimised graph each EP ran, from the profile of the runs so far. Ends profiling;
   * undefined when the session was not created with `profile`.
   */
  async placement(): Promise<NodePlacement | undefined> {
    if (!this.profilePrefix) return undefined;
    this.session.endProfiling();
    const placement = await countPlacement(this.profilePrefix);
    this.profilePrefix = undefined;
    return placement;
  }

  override async release(): Promise<void> {
    await super.release();
    // onnxruntime writes an unfinished profile when the session goes; nobody asked for it.
    if (this.profilePrefix) await rm(dirname(this.profilePrefix), { recursive: true, force: true });
  }
}

/**
 * Creates a session on exactly the EP asked for. onnxruntime places nodes an EP lacks kernels for on the
 * cpu EP inside the same session; that is still reported as the requested EP.
 */
export async function createNodeSession(model: Uint8Array, ep: NodeEp, options: NodeSessionOptions = {}): Promise<NodeSession> {
  const prefix = options.profile ? await profilePrefix(ep) : undefined;
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [ep],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: options.threads ?? 0,
    logSeverityLevel: 3,
    ...(options.spin === false ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } : {}),
    ...(prefix ? { enableProfiling: true, profileFilePrefix: prefix } : {}),
  });
  return new NodeSession(session, ep, prefix);
}

/** Why an EP cannot run here, or undefined when it can be tried. Checked before a session is attempted. */
export function unavailableReason(ep: NodeEp): string | undefined {
  const backend = ort.listSupportedBackends().find((candidate) => candidate.name === ep);
  if (!backend) return `this onnxruntime-node build has no ${ep} EP`;
  if (ep === 'cuda' && !backend.bundled && !cudaInstalled()) {
    return 'the CUDA EP files are not installed (ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js installs them; needs CUDA 12)';
  }
  return undefined;
}

function cudaInstalled(): boolean {
  try {
    // The install script puts libonnxruntime_providers_cuda.so beside the binding.
    const binding = import.meta.resolve('onnxruntime-node').replace(/dist\/index\.js$/, '');
    const probe = new URL(`bin/napi-v6/${process.platform}/${process.arch}/libonnxruntime_providers_cuda.so`, binding);
    return process.getBuiltinModule('node:fs').existsSync(probe);
  } catch {
    return false;
  }
}

/**
 * A session factory for an EP request. An explicit EP must work or fails with its reason; `auto` tries cuda,
 * webgpu (on a real GPU only), cpu in that order on the first graph it is given, keeps the first that works for the rest, and when
 * all fail, one error lists why each did. `skipped` records the EPs passed over, for reports; `sessions` the
 * sessions made, for their placement.
 */
export function nodeSessionFactory(request: NodeEpRequest, options: NodeSessionOptions = {}): {
  factory: SessionFactory;
  skipped: Array<{ ep: NodeEp; reason: string }>;
  sessions: NodeSession[];
} {
  const skipped: Array<{ ep: NodeEp; reason: string }> = [];
  const sessions: NodeSession[] = [];
  let chosen: NodeEp | undefined;
  const create = async (model: Uint8Array, ep: NodeEp) => {
    const session = await createNodeSession(model, ep, options);
    sessions.push(session);
    return session;
  };
  const factory: SessionFactory = async (model: Uint8Array, _role: GraphRole) => {
    if (chosen) return create(model, chosen);
    const candidates: readonly NodeEp[] = request === 'auto' ? NODE_EPS : [request];
    for (const ep of candidates) {
      const reason = unavailableReason(ep) ?? (request === 'auto' && ep === 'webgpu' ? await softwareAdapterReason() : undefined);
      if (reason) {
        skipped.push({ ep, reason });
        continue;
      }
      try {
        const session = await create(model, ep);
        chosen = ep;
        return session;
      } catch (error) {
        skipped.push({ ep, reason: ortErrorReason(error) });
      }
    }
    const why = skipped.map(({ ep, reason }) => `  ${ep}: ${reason}`).join('\n');
    throw new Error(`no onnxruntime-node execution provider could run the model (asked for --ep ${request}):\n${why}`);
  };
  return { factory, skipped, sessions };
}

/** `auto` passes over a CPU rasteriser posing as a GPU: the cpu EP is faster on the same cores. */
async function softwareAdapterReason(): Promise<string | undefined> {
  const adapter = await webGpuAdapter();
  return adapter?.software ? `the only WebGPU adapter is a CPU rasteriser (${adapter.description}); --ep webgpu uses it anyway` : undefined;
}
