import * as tf from '@tensorflow/tfjs-core';
import type { StoredTensor } from './safetensors.ts';

/**
 * Copies checkpointed tensors into the variables of a freshly built model and optimiser. Every variable
 * must be present with its exact shape and nothing else may be in the file, so a checkpoint from another
 * preset or model version fails here, naming the tensor, instead of half-loading. Nothing is assigned
 * unless everything matches.
 */
export function restoreState(
  tensors: ReadonlyMap<string, StoredTensor>,
  targets: ReadonlyArray<readonly [string, tf.Variable]>,
  file: string,
): void {
  const problems: string[] = [];
  const expected = new Set<string>();
  for (const [name, variable] of targets) {
    expected.add(name);
    const stored = tensors.get(name);
    if (!stored) problems.push(`tensor ${name} is missing (expected shape [${variable.shape}])`);
    else if (!sameShape(stored.shape, variable.shape)) {
      problems.push(`tensor ${name} has shape [${stored.shape}], expected [${variable.shape}]`);
    }
  }
  for (const name of tensors.keys()) {
    if (!expected.has(name)) problems.push(`tensor ${name} is not part of this model`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
    throw new RangeError(`${file} does not fit this model (a checkpoint from another preset or configuration?): ${shown}${more}`);
  }
  for (const [name, variable] of targets) {
    const stored = tensors.get(name)!;
    tf.tidy(() => variable.assign(tf.tensor(stored.data, [...stored.shape], 'float32')));
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
