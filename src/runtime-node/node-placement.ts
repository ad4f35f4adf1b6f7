import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Where onnxruntime ran each node. An EP without a kernel for a node hands it to the cpu EP inside the same
 * session, silently; a webgpu session whose heavy nodes fell back to the cpu is a different deployment, so
 * reports show the split. Counts are of the graph after onnxruntime's own optimisations (fusions change them).
 */
export interface NodePlacement {
  /** Nodes that ran, across the sessions counted. */
  readonly nodes: number;
  /** Nodes per EP, by onnxruntime's provider name ('CPUExecutionProvider', 'WebGpuExecutionProvider', ...). */
  readonly byProvider: Readonly<Record<string, number>>;
}

/** A fresh profile file prefix in its own temporary folder (onnxruntime appends a timestamp and `.json`). */
export async function profilePrefix(ep: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'ftd-profile-')), ep);
}

/** Reads the profile written for `prefix`, counts each node once by its provider, and removes the folder. */
export async function countPlacement(prefix: string): Promise<NodePlacement> {
  const folder = dirname(prefix);
  try {
    const files = (await readdir(folder)).filter((name) => name.startsWith(`${basename(prefix)}_`) && name.endsWith('.json'));
    if (files.length === 0) throw new Error(`onnxruntime wrote no profile under ${folder}`);
    return placementOfProfile(JSON.parse(await readFile(join(folder, files[0]!), 'utf8')));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Counts the distinct nodes of a Chrome-trace profile by the provider that ran their kernel. */
export function placementOfProfile(events: unknown): NodePlacement {
  if (!Array.isArray(events)) throw new TypeError('an onnxruntime profile must be a JSON array of trace events');
  const providerOfNode = new Map<string, string>();
  for (const event of events as Array<{ cat?: unknown; name?: unknown; args?: { provider?: unknown } }>) {
    if (event?.cat !== 'Node' || typeof event.name !== 'string' || !event.name.endsWith('_kernel_time')) continue;
    const provider = event.args?.provider;
    if (typeof provider === 'string') providerOfNode.set(event.name, provider);
  }
  return mergePlacements([{ nodes: providerOfNode.size, byProvider: tally(providerOfNode.values()) }]);
}

export function mergePlacements(placements: ReadonlyArray<NodePlacement>): NodePlacement {
  const byProvider: Record<string, number> = {};
  let nodes = 0;
  for (const placement of placements) {
    nodes += placement.nodes;
    for (const [provider, count] of Object.entries(placement.byProvider)) byProvider[provider] = (byProvider[provider] ?? 0) + count;
  }
  return { nodes, byProvider };
}

/** "134 webgpu, 3 cpu": the provider names shortened to ftd's EP names. */
export function describePlacement(placement: NodePlacement): string {
  return Object.entries(placement.byProvider)
    .sort(([, a], [, b]) => b - a)
    .map(([provider, count]) => `${count} ${provider.replace(/ExecutionProvider$/, '').toLowerCase()}`)
    .join(', ');
}

function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
