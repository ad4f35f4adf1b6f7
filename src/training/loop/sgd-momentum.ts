import * as tf from '@tensorflow/tfjs-core';

/**
 * SGD with momentum as the paper trains (and as PyTorch and tfjs define it): v = momentum * v + g,
 * p = p - lr * v. Written out rather than taken from `tf.train.momentum` so that the velocity slots are
 * keyed by parameter path (tfjs keys them by auto-generated variable names, which a rebuilt model does
 * not reproduce) and the rate can change every step without rebuilding the optimiser.
 */
export class SgdMomentum {
  private readonly slots = new Map<string, { parameter: tf.Variable; velocity: tf.Variable }>();

  constructor(parameters: ReadonlyArray<readonly [string, tf.Variable]>, readonly momentum: number) {
    for (const [name, parameter] of parameters) {
      // tidy frees the zeros the variable was copied from; variables themselves outlive it.
      const velocity = tf.tidy(() => tf.variable(tf.zerosLike(parameter), false));
      this.slots.set(name, { parameter, velocity });
    }
  }

  /** The trainable variables, in the order given at construction. */
  get variables(): tf.Variable[] {
    return [...this.slots.values()].map((slot) => slot.parameter);
  }

  /** Applies one update; `gradients` is keyed by `variable.name`, as `tf.variableGrads` returns them. */
  step(gradients: tf.NamedTensorMap, learningRate: number): void {
    tf.tidy(() => {
      for (const [name, { parameter, velocity }] of this.slots) {
        const gradient = gradients[parameter.name];
        // A parameter the loss does not reach has no gradient; like PyTorch, leave it and its velocity as they are.
        if (!gradient) continue;
        if (!sameShape(gradient.shape, parameter.shape)) {
          throw new RangeError(`gradient for ${name} has shape [${gradient.shape}], parameter has [${parameter.shape}]`);
        }
        const next = tf.add(tf.mul(velocity, this.momentum), gradient);
        velocity.assign(next);
        parameter.assign(tf.sub(parameter, tf.mul(next, learningRate)));
      }
    });
  }

  /** The velocity buffers, for checkpoints: "<prefix><parameter path>". */
  namedSlots(prefix: string): Array<[string, tf.Variable]> {
    return [...this.slots].map(([name, slot]) => [prefix + name, slot.velocity]);
  }

  dispose(): void {
    for (const { velocity } of this.slots.values()) velocity.dispose();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
