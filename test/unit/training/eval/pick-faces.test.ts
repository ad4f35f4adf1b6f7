import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../../src/training/data/sample.ts';
import { pickFaces } from '../../../../src/training/eval/pick-faces.ts';

function samples(type: string, count: number): Sample[] {
  return Array.from({ length: count }, (_, i) => ({ path: `${type}/${i}.png`, label: type === 'real' ? 0 : 1, type, video: `${type}/${i}`, origin: `row ${i}` }));
}

describe('pickFaces', () => {
  const all = [...samples('swap', 10), ...samples('real', 6), ...samples('graphic', 2)];

  it('puts real first, then fake types alphabetically, with grid / types rows spread through each type', () => {
    const picks = pickFaces(all, 9);
    expect(picks.columns).toEqual(['real', 'graphic', 'swap']);
    expect(picks.rows).toBe(3);
    expect(picks.faces.map((column) => column.map((sample) => sample.path))).toEqual([
      ['real/1.png', 'real/3.png', 'real/5.png'],
      ['graphic/0.png', 'graphic/1.png'],
      ['swap/1.png', 'swap/5.png', 'swap/8.png'],
    ]);
  });

  it('shows every type at least once when the grid is smaller than the number of types', () => {
    const picks = pickFaces(all, 2);
    expect(picks.rows).toBe(1);
    expect(picks.faces.map((column) => column.length)).toEqual([1, 1, 1]);
  });
});
