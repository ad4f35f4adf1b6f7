import type { WebEp } from '../ort-web-session.ts';

/** ?ep=webgpu&threads=2 choose a page's runtime; anything else is refused by name. */
export function runtimeFromAddress(): { ep: WebEp; threads?: number } {
  const query = new URLSearchParams(location.search);
  const ep = query.get('ep') ?? 'wasm';
  if (ep !== 'wasm' && ep !== 'webgpu') throw new RangeError(`?ep= must be wasm or webgpu, found "${ep}"`);
  const threadsText = query.get('threads');
  if (threadsText === null) return { ep };
  const threads = Number(threadsText);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`?threads= must be a positive integer, found "${threadsText}"`);
  return { ep, threads };
}
