/**
 * A model folder's id: the first 16 hex digits of the sha256 of its model.json, which records every graph's
 * sha256, so each export has its own. The server reports it, and score files record which export wrote them.
 */
export function modelIdOf(manifestSha256: string): string {
  return manifestSha256.slice(0, 16);
}
