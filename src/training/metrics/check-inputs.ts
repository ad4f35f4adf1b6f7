/** How many of each class the labels hold. */
export interface ClassCounts {
  fake: number;
  real: number;
}

/**
 * Validates what every metric takes: equally long, non-empty score and label arrays, finite scores and labels
 * that are exactly 0 (real) or 1 (fake). `metric` names the caller in the messages.
 */
export function checkScoresAndLabels(metric: string, scores: ArrayLike<number>, labels: ArrayLike<number>): ClassCounts {
  if (!isArrayLike(scores)) throw new TypeError(`${metric}: scores must be an array of numbers, found ${typeof scores}`);
  if (!isArrayLike(labels)) throw new TypeError(`${metric}: labels must be an array of 0/1, found ${typeof labels}`);
  if (scores.length !== labels.length) {
    throw new RangeError(`${metric}: scores has ${scores.length} values but labels has ${labels.length}; they must match one to one`);
  }
  if (scores.length === 0) throw new RangeError(`${metric}: scores and labels are empty`);
  let fake = 0;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new RangeError(`${metric}: scores[${i}] is ${String(score)}; every score must be a finite number`);
    }
    const label = labels[i];
    if (label !== 0 && label !== 1) throw new RangeError(`${metric}: labels[${i}] is ${String(label)}; expected 0 (real) or 1 (fake)`);
    fake += label;
  }
  return { fake, real: scores.length - fake };
}

/** Ranking metrics compare fakes against reals; with one class they are undefined, not NaN. */
export function requireBothClasses(metric: string, counts: ClassCounts): void {
  if (counts.fake === 0 || counts.real === 0) {
    throw new RangeError(`${metric} needs both real and fake samples; found ${counts.fake} fake and ${counts.real} real`);
  }
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { length?: unknown }).length === 'number';
}
