import { describe, expect, it } from 'vitest';
import { ModelSlot } from '../../../src/serve/model-slot.ts';
import type { ServedModel } from '../../../src/serve/served-model.ts';

/** A model whose detector only counts its releases: the slot touches nothing else. */
function countingModel(id: string): ServedModel & { releases: number } {
  const model = {
    releases: 0,
    identity: { name: id, id, sha256: { teacher: id, student: id } },
    detector: { release: async () => void model.releases++ },
  };
  return model as unknown as ServedModel & { releases: number };
}

describe('ModelSlot', () => {
  it('says it is loading, then serves the installed model', () => {
    const slot = new ModelSlot();
    expect(slot.state.state).toBe('loading');
    expect(slot.lease()).toBeUndefined();
    const a = countingModel('a');
    slot.install(a);
    expect(slot.state).toMatchObject({ state: 'serving', model: a });
  });

  it('keeps a replaced model alive while a request holds it, then releases it exactly once', async () => {
    const slot = new ModelSlot();
    const a = countingModel('a');
    const b = countingModel('b');
    slot.install(a);
    const held = slot.lease()!;
    expect(slot.install(b)).toBe(a);
    expect(slot.lease()!.model).toBe(b);
    expect(held.model).toBe(a);
    await Promise.resolve();
    expect(a.releases).toBe(0);
    held.release();
    held.release();
    await Promise.resolve();
    expect(a.releases).toBe(1);
    expect(b.releases).toBe(0);
  });

  it('records a failed load as the state when nothing serves, as a note beside a model that does', () => {
    const slot = new ModelSlot();
    slot.recordFailure('model.json could not be read');
    expect(slot.state).toEqual({ state: 'failed', reason: 'model.json could not be read' });
    const a = countingModel('a');
    slot.install(a);
    slot.recordFailure('teacher.onnx has sha256 x but model.json records y');
    expect(slot.state).toMatchObject({ state: 'serving', model: a, lastReloadFailure: 'teacher.onnx has sha256 x but model.json records y' });
    slot.install(countingModel('b'));
    expect(slot.state).not.toHaveProperty('lastReloadFailure');
  });

  it('closes only after the last lease ends, releasing every model', async () => {
    const slot = new ModelSlot();
    const a = countingModel('a');
    slot.install(a);
    const held = slot.lease()!;
    let closed = false;
    const closing = slot.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    expect(slot.lease()).toBeUndefined();
    held.release();
    await closing;
    expect(a.releases).toBe(1);
  });
});
