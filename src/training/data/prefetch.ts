/**
 * Yields load(start), load(start + 1), ... up to `end` (exclusive), keeping `depth` loads in flight ahead of
 * the consumer, so that decoding (on libuv's thread pool) overlaps whatever the consumer does with the
 * current item. Items come out in index order whatever order the loads finish in.
 */
export async function* prefetched<T>(load: (index: number) => Promise<T>, start: number, end: number, depth: number): AsyncGenerator<T> {
  const inFlight: Promise<T>[] = [];
  let next = start;
  const launch = () => {
    const promise = load(next++);
    // A load that fails while an earlier item is being consumed must not be reported as unhandled: its
    // error reaches the consumer when its turn comes, or is dropped if the consumer stopped before.
    promise.catch(() => undefined);
    inFlight.push(promise);
  };
  while (next < end && inFlight.length < depth) launch();
  while (inFlight.length > 0) {
    const item = await inFlight.shift()!;
    if (next < end) launch();
    yield item;
  }
}
