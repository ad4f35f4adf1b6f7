import { HttpError } from './http-error.ts';
import type { SlotState } from './model-slot.ts';

/** 503 for a request that arrives while no model has passed its self-check, with the reason and when to retry. */
export function notReadyError(state: SlotState): HttpError {
  const reason = state.state === 'serving' ? 'the model is being replaced' : state.reason;
  // Loading takes seconds; a failed model stays failed until a new export is copied in.
  const retryAfter = state.state === 'loading' ? '2' : '30';
  return new HttpError(503, 'not_ready', `no model is serving: ${reason}`, { 'retry-after': retryAfter });
}
