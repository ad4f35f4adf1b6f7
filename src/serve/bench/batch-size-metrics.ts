/** The server's batch-size histogram totals, read from its /metrics text. */
export interface BatchTotals {
  readonly images: number;
  readonly batches: number;
}

export function batchTotals(metricsText: string): BatchTotals {
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(metricsText);
    if (!match) throw new RangeError(`the server's /metrics has no ${name} sample`);
    return Number(match[1]);
  };
  return { images: value('ftd_serve_batch_size_sum'), batches: value('ftd_serve_batch_size_count') };
}

/** Mean images per session run between two scrapes (0 when no batch ran). */
export function meanBatchBetween(before: BatchTotals, after: BatchTotals): number {
  const batches = after.batches - before.batches;
  return batches > 0 ? (after.images - before.images) / batches : 0;
}
