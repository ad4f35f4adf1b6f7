import type { ServedModel } from './served-model.ts';

/** What the server can say about its model, for /healthz and for requests that arrive without one. */
export type SlotState =
  | { readonly state: 'loading'; readonly reason: string }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'serving'; readonly model: ServedModel; readonly lastReloadFailure?: string };

/** A hold on the model that was current when a request arrived; it is not released while held. */
export interface ModelLease {
  readonly model: ServedModel;
  release(): void;
}

/**
 * The model a server answers with, swapped atomically. A request leases the current model on arrival and is
 * scored by it even if a new one is installed meanwhile; a replaced model's sessions are released only when
 * its last lease ends, so a swap never fails or re-routes a request already accepted.
 */
export class ModelSlot {
  private current: ServedModel | undefined;
  private problem: { state: 'loading' | 'failed'; reason: string } = { state: 'loading', reason: 'the model is loading and has not passed its self-check yet' };
  private lastReloadFailure: string | undefined;
  private readonly leases = new Map<ServedModel, number>();
  private readonly retired = new Set<ServedModel>();
  private readonly releasing = new Set<Promise<void>>();
  private allRetiredReleased: (() => void) | undefined;

  constructor(private readonly onReleaseError: (error: unknown) => void = () => undefined) {}

  get state(): SlotState {
    if (this.current) return { state: 'serving', model: this.current, ...(this.lastReloadFailure ? { lastReloadFailure: this.lastReloadFailure } : {}) };
    return this.problem;
  }

  /** The current model, held until `release()`; undefined while none has passed its self-check. */
  lease(): ModelLease | undefined {
    const model = this.current;
    if (!model) return undefined;
    this.leases.set(model, (this.leases.get(model) ?? 0) + 1);
    let released = false;
    return {
      model,
      release: () => {
        if (released) return;
        released = true;
        const count = this.leases.get(model)! - 1;
        if (count > 0) this.leases.set(model, count);
        else {
          this.leases.delete(model);
          if (this.retired.has(model)) this.dispose(model);
        }
      },
    };
  }

  /** Makes `model` current; returns the one it replaces, which is released once no request holds it. */
  install(model: ServedModel): ServedModel | undefined {
    const previous = this.current;
    this.current = model;
    this.lastReloadFailure = undefined;
    if (previous) this.retire(previous);
    return previous;
  }

  /** A load that did not produce a model: the server's state if none serves, a note beside the one that does. */
  recordFailure(reason: string): void {
    if (this.current) this.lastReloadFailure = reason;
    else this.problem = { state: 'failed', reason };
  }

  /** Releases every model once its requests are done; the slot serves nothing afterwards. */
  async close(): Promise<void> {
    if (this.current) this.retire(this.current);
    this.current = undefined;
    this.problem = { state: 'failed', reason: 'the server is shutting down' };
    // Models still leased are released by their last lease.
    if (this.retired.size > 0) await new Promise<void>((resolve) => (this.allRetiredReleased = resolve));
    await Promise.all([...this.releasing]);
  }

  private retire(model: ServedModel): void {
    this.retired.add(model);
    if (!this.leases.has(model)) this.dispose(model);
  }

  private dispose(model: ServedModel): void {
    this.retired.delete(model);
    const done: Promise<void> = model.detector.release().catch(this.onReleaseError).finally(() => this.releasing.delete(done));
    this.releasing.add(done);
    if (this.retired.size === 0) this.allRetiredReleased?.();
  }
}
