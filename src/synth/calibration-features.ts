/**
 * The fixed feature map of the calibration baseline. It sees what the families' artefacts change and
 * nothing learned: for each cell of an 8 x 8 grid, the mean colour (where colours shift), and the log
 * energy of two high-pass residuals of the luminance (where detail and noise are removed or added): a fine
 * band (pixel minus its 3 x 3 mean) and a middle band (3 x 3 mean minus 7 x 7 mean).
 */
export const featureGrid = 8;
export const featureCount = featureGrid * featureGrid * 5;

export function imageFeatures(rgb: Uint8Array, size: number): Float64Array {
  const luma = new Float32Array(size * size);
  for (let p = 0; p < luma.length; p++) luma[p] = (0.299 * rgb[p * 3]! + 0.587 * rgb[p * 3 + 1]! + 0.114 * rgb[p * 3 + 2]!) / 255;
  const mean3 = boxMean(luma, size, 1);
  const mean7 = boxMean(luma, size, 3);
  const cell = size / featureGrid;
  const cells = featureGrid * featureGrid;
  const features = new Float64Array(featureCount);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const c = Math.floor(y / cell) * featureGrid + Math.floor(x / cell);
      features[c * 3] += rgb[p * 3]! / 255;
      features[c * 3 + 1] += rgb[p * 3 + 1]! / 255;
      features[c * 3 + 2] += rgb[p * 3 + 2]! / 255;
      const fine = luma[p]! - mean3[p]!;
      const middle = mean3[p]! - mean7[p]!;
      features[cells * 3 + c] += fine * fine;
      features[cells * 4 + c] += middle * middle;
    }
  }
  const perCell = cell * cell;
  for (let i = 0; i < cells * 3; i++) features[i]! /= perCell;
  for (let i = cells * 3; i < featureCount; i++) features[i] = Math.log(features[i]! / perCell + 1e-7);
  return features;
}

/** Mean over the (2r+1)^2 window, clamped at the borders, by two passes of running sums. */
function boxMean(values: Float32Array, size: number, r: number): Float32Array {
  const rows = new Float32Array(values.length);
  const out = new Float32Array(values.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += values[y * size + Math.min(size - 1, Math.max(0, x + k))]!;
      rows[y * size + x] = sum / (2 * r + 1);
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += rows[Math.min(size - 1, Math.max(0, y + k)) * size + x]!;
      out[y * size + x] = sum / (2 * r + 1);
    }
  }
  return out;
}
