import type { ParityReport } from '../runtime-common/run-parity.ts';

/** One line naming each output that missed the reference, for logs and /healthz. */
export function selfCheckFailure(report: ParityReport): string {
  const tolerance = report.tolerance.abs;
  const parts = [...report.outputs, ...(report.studentOnReferenceMask ? [report.studentOnReferenceMask] : [])]
    .filter((output) => !output.pass)
    .map((output) => {
      const sample = output.samples[0];
      const detail = sample ? `; [${sample.index}] expected ${sample.expected} got ${sample.actual}` : '';
      return `${output.name} max abs diff ${output.maxAbs.toExponential(2)} > ${tolerance} (first at ${output.firstBad}${detail})`;
    });
  if (!report.mask.pass) parts.push(`mask differs at ${report.mask.mismatches - report.mask.boundaryFlips} positions away from the top-k boundary (first at ${report.mask.firstBad})`);
  return parts.length > 0 ? parts.join('; ') : 'no output missed the reference';
}
