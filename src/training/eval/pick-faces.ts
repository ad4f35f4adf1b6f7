import type { Sample } from '../data/sample.ts';

/** Which faces attention.png shows: one column per type (real first), the same number of rows in each. */
export interface FacePicks {
  /** 'real', then the fake types in alphabetical order. */
  readonly columns: readonly string[];
  readonly rows: number;
  /** Per column, its faces top to bottom; a type with fewer images than rows leaves its column short. */
  readonly faces: ReadonlyArray<readonly Sample[]>;
}

/**
 * Spreads about `grid` faces over real and every fake type present (at least one row, so every type is
 * shown even when `grid` is smaller than the number of types). Faces are evenly spaced through each type's
 * samples in split order, which lists a video's frames together, so a column shows different videos
 * rather than neighbouring frames of one.
 */
export function pickFaces(samples: readonly Sample[], grid: number): FacePicks {
  const byType = new Map<string, Sample[]>();
  for (const sample of samples) {
    const type = sample.label === 0 ? 'real' : sample.type;
    const list = byType.get(type);
    if (list) list.push(sample);
    else byType.set(type, [sample]);
  }
  const fakes = [...byType.keys()].filter((type) => type !== 'real').sort();
  const columns = byType.has('real') ? ['real', ...fakes] : fakes;
  const rows = Math.max(1, Math.floor(grid / columns.length));
  const faces = columns.map((type) => {
    const members = byType.get(type)!;
    const shown = Math.min(rows, members.length);
    return Array.from({ length: shown }, (_, row) => members[Math.floor(((row + 0.5) * members.length) / shown)]!);
  });
  return { columns, rows, faces };
}
