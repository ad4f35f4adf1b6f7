/**
 * What fitting a pretrained file to a backbone found, in the terms PyTorch's `load_state_dict` reports:
 * tensors the model needs that the file lacks, tensors of the file the model has no place for, and tensors
 * whose shapes differ. All names are the file's.
 */
export interface LoadReport {
  missing: string[];
  unexpected: string[];
  mismatched: SizeMismatch[];
  /** In the file and deliberately unused: the ImageNet classifier, BatchNorm's batch counters. */
  ignored: string[];
}

export interface SizeMismatch {
  readonly name: string;
  readonly fileShape: readonly number[] | null;
  readonly modelShape: readonly number[];
  /** Why, where the shapes alone do not say (a Keras layer out of order, a weight count that differs). */
  readonly note?: string;
}

export function emptyReport(): LoadReport {
  return { missing: [], unexpected: [], mismatched: [], ignored: [] };
}

export function fitsExactly(report: LoadReport): boolean {
  return report.missing.length === 0 && report.unexpected.length === 0 && report.mismatched.length === 0;
}

/**
 * The report's lines, one per kind, as PyTorch words them ('Missing key(s) in state_dict: "a", "b".'); a
 * list longer than `limit` names its first `limit` entries and counts the rest.
 */
export function describeReport(report: LoadReport, limit = Infinity): string[] {
  const list = (names: string[]) => {
    const shown = names.slice(0, limit).map((name) => `"${name}"`).join(', ');
    return names.length > limit ? `${shown}, ... (${names.length - limit} more; ${names.length} in all)` : shown;
  };
  const lines: string[] = [];
  if (report.missing.length > 0) lines.push(`Missing key(s) in the file: ${list(report.missing)}.`);
  if (report.unexpected.length > 0) lines.push(`Unexpected key(s) in the file: ${list(report.unexpected)}.`);
  for (const mismatch of report.mismatched.slice(0, limit)) {
    const file = mismatch.fileShape === null ? 'nothing' : `a tensor of shape [${mismatch.fileShape.join(', ')}]`;
    const note = mismatch.note === undefined ? '' : ` (${mismatch.note})`;
    lines.push(`size mismatch for ${mismatch.name}: copying ${file} from the file, the shape in this model is [${mismatch.modelShape.join(', ')}]${note}.`);
  }
  if (report.mismatched.length > limit) lines.push(`... and ${report.mismatched.length - limit} more size mismatches.`);
  return lines;
}
