import type { SkippedTensor, StoredTensor } from '../checkpoint/safetensors.ts';
import { emptyReport, type LoadReport } from './load-report.ts';
import type { WeightSlot } from './weight-slot.ts';

export interface Match {
  readonly slot: WeightSlot;
  readonly tensor: StoredTensor;
}

/**
 * Pairs each slot with the file's tensor of the same name and shape, as `load_state_dict` does. Tensors for
 * which `ignore` is true (the classifier, BatchNorm's integer batch counters) are set aside, not reported as
 * unexpected. `skipped` are the file's tensors of dtypes that were not decoded.
 */
export function matchStateDict(
  slots: readonly WeightSlot[],
  tensors: ReadonlyMap<string, StoredTensor>,
  skipped: readonly SkippedTensor[],
  ignore: (name: string) => boolean,
): { matches: Match[]; report: LoadReport } {
  const report = emptyReport();
  const matches: Match[] = [];
  const wanted = new Set<string>();
  for (const slot of slots) {
    wanted.add(slot.source);
    const tensor = tensors.get(slot.source);
    if (tensor === undefined) {
      const other = skipped.find((entry) => entry.name === slot.source);
      if (other === undefined) report.missing.push(slot.source);
      else report.mismatched.push({ name: slot.source, fileShape: other.shape, modelShape: slot.shape, note: `the file holds it as ${other.dtype}, not as floats` });
    } else if (sameShape(tensor.shape, slot.shape)) {
      matches.push({ slot, tensor });
    } else {
      report.mismatched.push({ name: slot.source, fileShape: tensor.shape, modelShape: slot.shape });
    }
  }
  for (const name of [...tensors.keys(), ...skipped.map((entry) => entry.name)]) {
    if (wanted.has(name)) continue;
    (ignore(name) ? report.ignored : report.unexpected).push(name);
  }
  return { matches, report };
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}
