import { markdownTable } from '../../util/markdown-table.ts';

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    hitCount?: number;
  }>;
  /** Microseconds on the monotonic clock. */
  startTime: number;
  endTime: number;
  /** The node id on top of the stack at each sample. */
  samples?: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas?: number[];
}

export interface SelfTime {
  functionName: string;
  url: string;
  /** 1-based, as editors count; V8 counts from 0. */
  line: number;
  selfMilliseconds: number;
  /** Of all the self time counted (inside the window when one was given). */
  share: number;
}

/**
 * The functions with the most self time (time on top of the stack), summed over every call path. A sample
 * lasts until the next one (the last until endTime), as Chrome's profiler panel counts. With `window`
 * (monotonic microseconds, the clock of the profile), only samples inside it count: the timed steps, not
 * start-up and compilation. Without samples, hit counts share the profile's duration.
 */
export function topSelfTime(profile: CpuProfile, options: { limit?: number; window?: readonly [number, number] } = {}): SelfTime[] {
  const limit = options.limit ?? 15;
  const microsecondsById = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples && timeDeltas && samples.length > 0 && samples.length === timeDeltas.length) {
    const times: number[] = [];
    let time = profile.startTime;
    for (const delta of timeDeltas) times.push((time += delta));
    samples.forEach((id, i) => {
      const at = times[i]!;
      if (options.window && (at < options.window[0] || at > options.window[1])) return;
      const lasts = (times[i + 1] ?? profile.endTime) - at;
      microsecondsById.set(id, (microsecondsById.get(id) ?? 0) + Math.max(lasts, 0));
    });
  } else {
    const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    const perHit = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const node of profile.nodes) if (node.hitCount) microsecondsById.set(node.id, node.hitCount * perHit);
  }
  const byFunction = new Map<string, SelfTime>();
  for (const node of profile.nodes) {
    const microseconds = microsecondsById.get(node.id);
    if (!microseconds) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName}\u0000${url}\u0000${lineNumber}`;
    const entry = byFunction.get(key) ?? { functionName: functionName || '(anonymous)', url, line: lineNumber + 1, selfMilliseconds: 0, share: 0 };
    entry.selfMilliseconds += microseconds / 1000;
    byFunction.set(key, entry);
  }
  const all = [...byFunction.values()];
  const total = all.reduce((sum, entry) => sum + entry.selfMilliseconds, 0);
  for (const entry of all) entry.share = total > 0 ? entry.selfMilliseconds / total : 0;
  return all.sort((a, b) => b.selfMilliseconds - a.selfMilliseconds).slice(0, limit);
}

/** The summary as a markdown table; locations are shortened to the package or the file below `root`. */
export function formatSelfTime(entries: readonly SelfTime[], root: string): string {
  const rows = entries.map((entry) => [
    entry.selfMilliseconds.toFixed(1),
    `${(entry.share * 100).toFixed(1)}%`,
    entry.functionName,
    entry.url ? `${shortLocation(entry.url, root)}:${entry.line}` : '',
  ]);
  return markdownTable(['self ms', 'share', 'function', 'where'], rows, new Set([0, 1]));
}

function shortLocation(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  const base = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}
