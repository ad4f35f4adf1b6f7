import type { GraphEntry } from '../runtime-common/model-manifest.ts';
import { sha256Hex } from '../runtime-common/sha256.ts';
import { readGraphInterface } from './read-graph-interface.ts';

/** model.json's record of one written graph: its file, digest, size, and the interface read back from its bytes. */
export async function graphEntry(file: string, bytes: Uint8Array): Promise<GraphEntry> {
  const { inputs, outputs } = readGraphInterface(bytes, file);
  return { file, sha256: await sha256Hex(bytes), bytes: bytes.length, inputs: [...inputs], outputs: [...outputs] };
}
