import type { WeightSlot } from './weight-slot.ts';

/**
 * A tensor from the file's layout into its slot's tfjs layout: OIHW -> HWIO for convolutions,
 * [C * M, 1, kh, kw] -> [kh, kw, C, M] for depthwise ones (output channel c * M + m filters input channel c
 * in both). `data` has the slot's source shape (checked before).
 */
export function toTfjsLayout(data: Float32Array, slot: WeightSlot): Float32Array {
  const { layout, shape } = slot;
  if (layout === 'as-is') return data;
  const [outChannels, inChannels, kh, kw] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  if (layout === 'oihw') {
    for (let o = 0; o < outChannels; o++) {
      for (let i = 0; i < inChannels; i++) {
        for (let y = 0; y < kh; y++) {
          for (let x = 0; x < kw; x++) out[((y * kw + x) * inChannels + i) * outChannels + o] = data[((o * inChannels + i) * kh + y) * kw + x]!;
        }
      }
    }
    return out;
  }
  // Depthwise: input dim is 1; output channel g = c * M + m.
  const multiplier = slot.target.shape[3]!;
  const channels = outChannels / multiplier;
  for (let g = 0; g < outChannels; g++) {
    const c = Math.floor(g / multiplier);
    const m = g % multiplier;
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) out[((y * kw + x) * channels + c) * multiplier + m] = data[(g * kh + y) * kw + x]!;
    }
  }
  return out;
}
