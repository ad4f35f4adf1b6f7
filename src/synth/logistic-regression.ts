/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares) on
 * standardised features. Deterministic: no initialisation, sampling or learning rate to seed or tune.
 */
export interface LogisticModel {
  mean: Float64Array;
  scale: Float64Array;
  /** Weights of the standardised features, then the bias. */
  weights: Float64Array;
}

export function fitLogistic(features: Float64Array[], labels: ReadonlyArray<0 | 1>, penalty: number, iterations = 15): LogisticModel {
  const n = features.length;
  const d = features[0]!.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const row of features) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of features) for (let j = 0; j < d; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const x = features.map((row) => {
    const z = new Float64Array(d + 1);
    for (let j = 0; j < d; j++) z[j] = (row[j]! - mean[j]!) / scale[j]!;
    z[d] = 1;
    return z;
  });
  const weights = new Float64Array(d + 1);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const hessian = new Float64Array((d + 1) * (d + 1));
    const gradient = new Float64Array(d + 1);
    for (let i = 0; i < n; i++) {
      const row = x[i]!;
      const p = sigmoid(dot(row, weights));
      const w = Math.max(p * (1 - p), 1e-9);
      const residual = p - labels[i]!;
      for (let a = 0; a <= d; a++) {
        gradient[a]! += residual * row[a]!;
        const wa = w * row[a]!;
        for (let b = a; b <= d; b++) hessian[a * (d + 1) + b]! += wa * row[b]!;
      }
    }
    for (let a = 0; a < d; a++) {
      gradient[a]! += penalty * weights[a]!;
      hessian[a * (d + 1) + a]! += penalty;
    }
    hessian[d * (d + 1) + d]! += 1e-6;
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) hessian[a * (d + 1) + b] = hessian[b * (d + 1) + a]!;
    const step = solveSymmetric(hessian, gradient, d + 1);
    let change = 0;
    for (let a = 0; a <= d; a++) {
      weights[a]! -= step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < 1e-6) break;
  }
  return { mean, scale, weights };
}

/** The model's logit for one feature vector (monotone in the probability, which is all AUC needs). */
export function logisticScore(model: LogisticModel, features: Float64Array): number {
  const d = model.mean.length;
  let z = model.weights[d]!;
  for (let j = 0; j < d; j++) z += model.weights[j]! * ((features[j]! - model.mean[j]!) / model.scale[j]!);
  return z;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Solves A x = b for a symmetric positive-definite A by Cholesky factorisation (A is overwritten). */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k]! ** 2;
    const root = Math.sqrt(Math.max(diagonal, 1e-12));
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * y[k]!;
    y[i] = s / a[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}
