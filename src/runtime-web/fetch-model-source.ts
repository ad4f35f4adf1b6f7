import type { ModelSource } from '../runtime-common/session.ts';

/**
 * A model folder served over HTTP. `baseUrl` is the folder (model.json beside the graphs); a missing trailing
 * slash is added, because URL resolution would otherwise replace the folder's last segment.
 */
export function fetchModelSource(baseUrl: string | URL): ModelSource {
  const base = new URL(String(baseUrl), globalThis.location?.href);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const get = async (file: string): Promise<Response> => {
    const url = new URL(file, base);
    // fetch's own network errors ("Failed to fetch") do not say which file failed.
    const response = await fetch(url).catch((error: unknown) => {
      throw new Error(`GET ${url.href} failed: ${(error as Error).message}`);
    });
    if (!response.ok) throw new Error(`GET ${url.href} answered ${response.status} ${response.statusText}`);
    return response;
  };
  return {
    location: base.href.replace(/\/$/, ''),
    readText: async (file) => (await get(file)).text(),
    readBytes: async (file) => new Uint8Array(await (await get(file)).arrayBuffer()),
  };
}
