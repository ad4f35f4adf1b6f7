import { Agent, request } from 'node:http';
import type { BenchRequest } from './protocol-requests.ts';

export interface LoadSettings {
  /** Requests kept in flight at once, each on its own keep-alive connection. */
  readonly concurrency: number;
  /** Requests to send in all (the run also stops at `seconds`). */
  readonly requests: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly concurrency: number;
  readonly ok: number;
  /** Requests answered with another status, by status (0: no answer: the connection failed). */
  readonly failed: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly imagesPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
}

/**
 * A closed-loop load: `concurrency` clients, each sending its next request when the previous one is answered,
 * until `requests` are sent or `seconds` pass. Latency is measured per successful request, client side.
 */
export async function driveLoad(address: string, requests: readonly BenchRequest[], settings: LoadSettings): Promise<LoadResult> {
  if (requests.length === 0) throw new RangeError('no requests to send');
  const latencies: number[] = [];
  const failed: Record<string, number> = {};
  let issued = 0;
  const started = performance.now();
  const deadline = started + settings.seconds * 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
  const client = async () => {
    while (issued < settings.requests && performance.now() < deadline) {
      const body = requests[issued++ % requests.length]!;
      const sent = performance.now();
      let status = 0;
      try {
        status = await post(address, body, agent);
      } catch {
        status = 0;
      }
      if (status === 200) latencies.push(performance.now() - sent);
      else failed[status] = (failed[status] ?? 0) + 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: settings.concurrency }, client));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    concurrency: settings.concurrency,
    ok: sorted.length,
    failed,
    seconds,
    imagesPerSecond: sorted.length / seconds,
    latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) },
  };
}

/**
 * One POST on a keep-alive connection; resolves with the status once the whole answer is read. node:http rather
 * than fetch: the load generator shares the machine with the server it measures, and fetch costs several times
 * more CPU per request.
 */
function post(address: string, body: BenchRequest, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${address}${body.path}`, { method: 'POST', agent, headers: { ...body.headers, 'content-length': body.bytes.length } }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body.bytes);
  });
}

/** Nearest-rank percentile of sorted values (NaN for none): p99 of 100 samples is the 99th, not an interpolation. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
