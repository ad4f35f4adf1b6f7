import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/util/rng.ts';
import type { FrameConditions } from '../../../../src/synth/conditions.ts';
import { blendStyleOf, drawBlendStyle, generatorLook, pasteFace, pasteRegion, type BlendStyle } from '../../../../src/synth/families/blending.ts';
import { createImage, type RgbImage } from '../../../../src/synth/image.ts';
import { renderRealFrame } from '../../../../src/synth/real-frame.ts';

const style: BlendStyle = { maskScale: 1, feather: 0.3, blurSigma: 0.6, noiseFraction: 0.4, colourGain: [1.03, 1, 0.97] };
const conditions = { blurSigma: 0.8, noiseSigma: 0.02 } as FrameConditions;
const whole = { x0: 0, y0: 0, x1: 64, y1: 64 };

function flat(value: number, size = 64): RgbImage {
  const image = createImage(size, size);
  image.data.fill(value);
  return image;
}

function channelStats(image: RgbImage, channel: number): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  const n = image.data.length / 3;
  for (let p = 0; p < n; p++) sum += image.data[p * 3 + channel]!;
  const mean = sum / n;
  for (let p = 0; p < n; p++) squares += (image.data[p * 3 + channel]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}

describe('drawBlendStyle', () => {
  it('draws every field inside its stated range, and differs between fakes', () => {
    const styles = Array.from({ length: 200 }, (_, i) => drawBlendStyle(new Rng([7, i])));
    for (const s of styles) {
      expect(s.maskScale).toBeGreaterThanOrEqual(0.9);
      expect(s.maskScale).toBeLessThan(1.08);
      expect(s.feather).toBeGreaterThanOrEqual(0.15);
      expect(s.feather).toBeLessThan(0.55);
      expect(s.blurSigma).toBeGreaterThanOrEqual(0);
      expect(s.blurSigma).toBeLessThan(0.6);
      expect(s.noiseFraction).toBeGreaterThanOrEqual(0.15);
      expect(s.noiseFraction).toBeLessThan(0.7);
      for (const gain of s.colourGain) expect(Math.abs(gain - 1)).toBeLessThanOrEqual(0.035);
    }
    expect(new Set(styles.map((s) => s.feather)).size).toBe(styles.length);
  });

  it('is seeded by the family and the frame, not by the order fakes are made in', () => {
    const real = renderRealFrame(3, { identity: 1, video: 0, frame: 2 }, 32);
    expect(blendStyleOf(3, 'swap', real).style).toEqual(blendStyleOf(3, 'swap', real).style);
    expect(blendStyleOf(3, 'swap', real).style).not.toEqual(blendStyleOf(3, 'texture', real).style);
  });
});

describe('generatorLook', () => {
  it('re-synthesises grain at the style\'s fraction of the camera\'s noise and applies the colour gain', () => {
    const look = generatorLook(flat(0.5), conditions, style, new Rng(1), whole);
    for (let c = 0; c < 3; c++) {
      const { mean, std } = channelStats(look, c);
      expect(mean).toBeCloseTo(0.5 * style.colourGain[c]!, 3);
      // Shared (0.8) and per-channel (0.6) parts add to unit variance before the gain.
      expect(std / (conditions.noiseSigma * style.noiseFraction * style.colourGain[c]!)).toBeGreaterThan(0.95);
      expect(std / (conditions.noiseSigma * style.noiseFraction * style.colourGain[c]!)).toBeLessThan(1.05);
    }
  });

  it('is softer than the camera: a step edge spreads by the camera\'s blur and the style\'s, in quadrature', () => {
    const step = createImage(64, 64);
    for (let y = 0; y < 64; y++) for (let x = 32; x < 64; x++) step.data.fill(1, (y * 64 + x) * 3, (y * 64 + x) * 3 + 3);
    const quiet = { ...style, noiseFraction: 0, colourGain: [1, 1, 1] as [number, number, number] };
    const look = generatorLook(step, conditions, quiet, new Rng(1), whole);
    // The first bright pixel next to a unit step reads the kernel's taps at offsets 0..r (a sampled Gaussian
    // of radius ceil(3 sigma)); with sigma = hypot(0.8, 0.6) = 1 that is 0.6995 (0.749 for the camera's 0.8 alone).
    const sigma = Math.hypot(conditions.blurSigma, style.blurSigma);
    const radius = Math.ceil(3 * sigma);
    const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
    const expected = taps.slice(radius).reduce((a, b) => a + b) / taps.reduce((a, b) => a + b);
    expect(look.data[(10 * 64 + 32) * 3]).toBeCloseTo(expected, 5);
    expect(expected).toBeCloseTo(0.6995, 4);
  });

  it('works on its box only, and there exactly as on the whole image', () => {
    const scene = renderRealFrame(4, { identity: 2, video: 1, frame: 0 }, 64).scene;
    const quiet = { ...style, noiseFraction: 0 };
    const full = generatorLook(scene, conditions, quiet, new Rng(1), whole);
    const box = { x0: 1, y0: 20, x1: 40, y1: 64 };
    const part = generatorLook(scene, conditions, quiet, new Rng(1), box);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        const i = (y * 64 + x) * 3;
        const inside = x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
        expect(part.data[i], `${x},${y}`).toBe(inside ? full.data[i] : scene.data[i]);
      }
    }
  });
});

describe('pasteFace', () => {
  it('keeps the real frame outside the mask, the family\'s content inside its own region, the base elsewhere', () => {
    const real = renderRealFrame(2, { identity: 0, video: 0, frame: 0 }, 64);
    const own = new Float32Array(64 * 64);
    const centre = 32 * 64 + 32;
    own[centre] = 1;
    const base = flat(0.25);
    const content = flat(0.75);
    const region = pasteRegion(real, style, own);
    const image = pasteFace(real, base, content, own, region);
    let outside = 0;
    let shared = 0;
    for (let p = 0; p < region.length; p++) {
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        if (region[p] === 0) {
          expect(image.data[i]).toBe(real.image.data[i]);
          outside++;
        } else if (region[p] === 1 && own[p] === 0) {
          expect(image.data[i]).toBe(0.25);
          shared++;
        }
      }
    }
    expect(image.data[centre * 3]).toBe(0.75);
    expect(outside).toBeGreaterThan(0);
    expect(shared).toBeGreaterThan(0);
  });
});
