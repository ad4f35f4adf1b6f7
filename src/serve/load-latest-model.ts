import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../runtime-common/sha256.ts';
import type { NodeEpRequest } from '../runtime-node/node-session.ts';
import type { ModelSlot } from './model-slot.ts';
import { modelIdOf } from '../runtime-common/model-id.ts';
import { loadServedModel } from './served-model.ts';
import type { ServeMetrics } from './serve-metrics.ts';

export interface LoadContext {
  readonly folder: string;
  readonly ep: NodeEpRequest;
  readonly threads: number;
  readonly slot: ModelSlot;
  readonly metrics: ServeMetrics;
  readonly log: (line: string) => void;
  /** True once the server is shutting down: a model that finishes loading then is released, not installed. */
  readonly stopping: () => boolean;
}

/**
 * Loads the model folder unless it still holds the export that is serving, and installs it only if it passes its
 * self-check; otherwise the reason is logged and recorded and whatever served keeps serving. Never throws: it
 * runs from file-system events.
 */
export async function loadLatestModel(context: LoadContext): Promise<void> {
  const { folder, slot, metrics, log } = context;
  const serving = slot.state.state === 'serving' ? slot.state.model : undefined;
  if (serving && (await currentManifestId(folder)) === serving.identity.id) return;
  log(`loading ${folder} on --ep ${context.ep}, then its self-check on test_data_set_0`);
  try {
    const model = await loadServedModel(folder, { ep: context.ep, threads: context.threads });
    if (context.stopping()) {
      await model.detector.release();
      return;
    }
    for (const { ep, reason } of model.skippedEps) log(`ep ${ep} not used: ${reason}`);
    const previous = slot.install(model);
    metrics.modelLoaded(model);
    const { name, id } = model.identity;
    const check = model.selfCheck;
    const worst = Math.max(...check.outputs.map((output) => output.maxAbs));
    log(`serving ${name} (${id}) on ${model.detector.ep}: self-check passed on ${check.images} images, max abs diff ${worst.toExponential(2)} <= ${check.tolerance.abs}${previous ? `; replaced ${previous.identity.name} (${previous.identity.id})` : ''}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    slot.recordFailure(reason);
    metrics.modelRefused();
    log(serving ? `kept serving ${serving.identity.name} (${serving.identity.id}): the new model was refused: ${reason}` : `no model is serving: ${reason}`);
  }
}

/** The id of the export now in the folder, or undefined while model.json cannot be read (mid-copy). */
async function currentManifestId(folder: string): Promise<string | undefined> {
  try {
    return modelIdOf(await sha256Hex(await readFile(join(folder, 'model.json'))));
  } catch {
    return undefined;
  }
}
