/** Runs one batch: results in the order of `items`, one per item. */
export type BatchRunner<In, Out> = (items: readonly In[]) => Promise<readonly Out[]>;

export interface MicroBatcherOptions {
  /** Items per batch. */
  readonly maxBatch: number;
  /**
   * How long the oldest waiting item may wait for others before its batch runs anyway. It waits only while
   * others are announced (`arriving()`): with none on their way, waiting cannot fill the batch, only delay it.
   */
  readonly maxWaitMs: number;
  /** Wait `maxWaitMs` even with nothing announced, for clients that send again at once (fuller GPU batches). */
  readonly alwaysWait?: boolean;
  /** Waiting items (not counting the batch in flight) beyond which submissions are refused. */
  readonly maxQueue: number;
  /** After every batch, for metrics. */
  readonly onBatch?: (size: number, seconds: number) => void;
  /** Whenever the number of waiting items changes, for metrics. */
  readonly onDepth?: (depth: number) => void;
}

/** The queue cannot take the submission; `retryAfterSeconds` estimates when it could. */
export class QueueFullError extends RangeError {
  override name = 'QueueFullError';

  constructor(
    readonly depth: number,
    readonly maxQueue: number,
    readonly requested: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`${depth} of at most ${maxQueue} images are waiting for the model and ${requested} more do not fit; retry in ${retryAfterSeconds} s`);
  }
}

interface Pending<In, Out> {
  readonly item: In;
  readonly enqueuedAt: number;
  settled: boolean;
  resolve(value: Out): void;
  reject(reason: unknown): void;
}

/**
 * Micro-batching in front of one inference session. Items queue until `maxBatch` are waiting, the oldest has
 * waited `maxWaitMs`, or (unless `alwaysWait`) no more are announced. Exactly one batch runs at a time, because
 * the session is the bottleneck and two runs would only split its threads, while the next batch fills behind it.
 * Each submission gets its own promise; one whose signal aborts leaves the queue at once (or, if its batch
 * already runs, has its result dropped).
 */
export class MicroBatcher<In, Out> {
  private readonly queue: Array<Pending<In, Out>> = [];
  private running = false;
  /** Set by drain(): nothing waits for company any more. */
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Announced submissions not yet made: requests still being read and decoded. */
  private announced = 0;
  /** A smoothed seconds-per-batch, for Retry-After. */
  private batchSeconds = 0;

  constructor(
    private readonly run: BatchRunner<In, Out>,
    private readonly options: MicroBatcherOptions,
  ) {}

  /** Items waiting, not counting the batch in flight. */
  get depth(): number {
    return this.queue.length;
  }

  /**
   * Announces a submission on its way (a request being read and decoded), which a short batch may wait for.
   * Call `done()` once it was submitted, or will not be; more calls do nothing.
   */
  arriving(): { done(): void } {
    this.announced++;
    let pending = true;
    return {
      done: () => {
        if (!pending) return;
        pending = false;
        this.announced--;
        this.schedule();
      },
    };
  }

  /** Whether `count` more items would be accepted now (a cheap check before decoding a request's images). */
  check(count: number): void {
    if (this.queue.length + count > this.options.maxQueue) throw new QueueFullError(this.queue.length, this.options.maxQueue, count, this.retryAfterSeconds());
  }

  /** Queues all of `items` or none of them; resolves with their results in order. */
  submit(items: readonly In[], signal?: AbortSignal): Promise<Out[]> {
    try {
      this.check(items.length);
      signal?.throwIfAborted();
    } catch (error) {
      return Promise.reject(error);
    }
    const now = performance.now();
    const pending = items.map((item) => {
      let resolve!: (value: Out) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<Out>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const entry: Pending<In, Out> = { item, enqueuedAt: now, settled: false, resolve: (v) => settle(entry, () => resolve(v)), reject: (e) => settle(entry, () => reject(e)) };
      return { entry, promise };
    });
    const abort = () => {
      for (const { entry } of pending) entry.reject(signal!.reason);
      this.removeSettled();
    };
    signal?.addEventListener('abort', abort, { once: true });
    this.queue.push(...pending.map(({ entry }) => entry));
    this.options.onDepth?.(this.queue.length);
    this.schedule();
    const all = Promise.all(pending.map(({ promise }) => promise));
    // One item's failure rejects `all`; the others' rejections are handled there, not left unhandled.
    for (const { promise } of pending) promise.catch(() => undefined);
    return all.finally(() => signal?.removeEventListener('abort', abort));
  }

  /**
   * Runs what is queued without waiting for `maxWaitMs`, from now on, and resolves when nothing is queued or
   * running. Submissions are still taken: at shutdown the HTTP server stops new requests, and those it already
   * accepted must still be answered.
   */
  async drain(): Promise<void> {
    this.draining = true;
    this.schedule();
    if (!this.running && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    const waited = performance.now() - this.queue[0]!.enqueuedAt;
    if (this.draining || (this.announced === 0 && !this.options.alwaysWait) || this.queue.length >= this.options.maxBatch || waited >= this.options.maxWaitMs) {
      this.flush();
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, this.options.maxWaitMs - waited);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.options.onDepth?.(this.queue.length);
    this.running = true;
    const started = performance.now();
    this.runBatch(batch).finally(() => {
      const seconds = (performance.now() - started) / 1000;
      this.batchSeconds = this.batchSeconds === 0 ? seconds : 0.8 * this.batchSeconds + 0.2 * seconds;
      this.options.onBatch?.(batch.length, seconds);
      this.running = false;
      this.schedule();
      if (!this.running && this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  private async runBatch(batch: ReadonlyArray<Pending<In, Out>>): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`the batch runner returned ${results.length} results for ${batch.length} items`);
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private removeSettled(): void {
    const before = this.queue.length;
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.settled) this.queue.splice(i, 1);
    if (this.queue.length !== before) this.options.onDepth?.(this.queue.length);
  }

  /** Batches ahead of a new arrival times the recent batch time, rounded up to whole seconds (at least 1). */
  private retryAfterSeconds(): number {
    const batchesAhead = Math.ceil(this.queue.length / this.options.maxBatch) + 1;
    return Math.max(1, Math.ceil(batchesAhead * this.batchSeconds));
  }
}

function settle<In, Out>(entry: Pending<In, Out>, action: () => void): void {
  if (entry.settled) return;
  entry.settled = true;
  action();
}
