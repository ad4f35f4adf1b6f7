import type { Initializer } from './module.ts';

/**
 * Seeded weight initialisers, each named after the reference that uses it, so a backbone starts from the
 * same distribution as the architecture it reproduces (Keras Xception: Glorot uniform; torchvision ResNet:
 * He normal on fan-out). Shapes follow tfjs: dense [in, out], conv [kh, kw, in, out], depthwise
 * [kh, kw, channels, multiplier].
 */

export function constant(value: number): Initializer {
  return (shape) => new Float32Array(sizeOf(shape)).fill(value);
}

export const zeros: Initializer = constant(0);
export const ones: Initializer = constant(1);

/** Fan-in and fan-out as Keras computes them: the last two axes times the receptive field. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    const size = sizeOf(shape);
    return { fanIn: size, fanOut: size };
  }
  const receptiveField = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptiveField, fanOut: shape[shape.length - 1]! * receptiveField };
}

/** Keras's default for Dense, Conv2D and SeparableConv2D: uniform on +-sqrt(6 / (fanIn + fanOut)). */
export const glorotUniform: Initializer = (shape, rng) => {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return fill(shape, () => rng.range(-limit, limit));
};

/** torch.nn.init.kaiming_normal_ for ReLU nets: normal with std sqrt(2 / fan); torchvision uses fan-out. */
export function heNormal(mode: 'fanIn' | 'fanOut'): Initializer {
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    const std = Math.sqrt(2 / (mode === 'fanIn' ? fanIn : fanOut));
    return fill(shape, () => std * rng.normal());
  };
}

/**
 * kaiming_normal_ on a depthwise kernel as PyTorch holds it, [C * M, 1, kh, kw]: its fan-out is C * M * kh * kw
 * (PyTorch ignores groups), where the [kh, kw, C, M] layout here would give M * kh * kw.
 */
export function heNormalDepthwise(mode: 'fanIn' | 'fanOut'): Initializer {
  return (shape, rng) => {
    const [kh, kw, channels, multiplier] = shape as [number, number, number, number];
    const std = Math.sqrt(2 / (mode === 'fanIn' ? kh * kw : channels * multiplier * kh * kw));
    return fill(shape, () => std * rng.normal());
  };
}

/** Normal with the given std, redrawn outside two std (ViT's cls token and position embeddings use std 0.02). */
export function truncatedNormal(std: number): Initializer {
  return (shape, rng) =>
    fill(shape, () => {
      for (;;) {
        const z = rng.normal();
        if (Math.abs(z) <= 2) return std * z;
      }
    });
}

function fill(shape: readonly number[], draw: () => number): Float32Array {
  const values = new Float32Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = draw();
  return values;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}
