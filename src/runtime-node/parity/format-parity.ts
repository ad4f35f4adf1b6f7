import type { OutputComparison } from '../../runtime-common/parity.ts';
import { markdownTable } from '../../util/markdown-table.ts';
import type { ParityGateResult } from './gate.ts';
import type { PlacedParityReport } from './runtime.ts';

/** One row per runtime and output, then the skipped and failed runtimes with their reasons, then the verdict. */
export function formatParityTable(result: Omit<ParityGateResult, 'table'>): string {
  const rows: string[][] = [];
  for (const report of result.reports) {
    const ep = epLabel(report);
    const tolerance = report.tolerance.abs.toExponential(0);
    for (const output of report.outputs) rows.push([report.runtime, ep, output.name, number(output.maxAbs), number(output.maxRel), tolerance, '', verdict(output.pass)]);
    if (report.studentOnReferenceMask) {
      const output = report.studentOnReferenceMask;
      rows.push([report.runtime, ep, output.name, number(output.maxAbs), number(output.maxRel), tolerance, '', verdict(output.pass)]);
    }
    const { mask } = report;
    rows.push([report.runtime, ep, 'mask', `${mask.mismatches} differ`, '', '', String(mask.boundaryFlips), verdict(mask.pass)]);
  }
  const lines = [markdownTable(['runtime', 'EP', 'output', 'max abs', 'max rel', 'tol', 'flips', 'result'], rows, new Set([3, 4, 6]))];
  for (const report of result.reports) lines.push(...failureDetails(report));
  for (const { runtime, reason, requested } of result.skipped) lines.push(`${runtime}: skipped: ${reason}${requested ? ' (requested: counts as a failure)' : ''}`);
  for (const { runtime, message } of result.errors) lines.push(`${runtime}: FAILED to run: ${message}`);
  const ran = result.reports.length;
  const images = result.reports[0]?.images ?? 0;
  lines.push(result.pass ? `PASS: ${ran} runtime(s) reproduce the reference outputs of ${images} images` : `FAIL: ${failureSummary(result)}`);
  return lines.join('\n');
}

function epLabel(report: PlacedParityReport): string {
  const placement = report.placement;
  if (!placement || placement.nodes === 0) return report.ep;
  const onCpu = placement.byProvider.CPUExecutionProvider ?? 0;
  return report.ep === 'cpu' ? `cpu (${placement.nodes} nodes)` : `${report.ep} (${onCpu}/${placement.nodes} nodes on cpu)`;
}

/** For each failing output: where it first went wrong and the values side by side, to start debugging from. */
function failureDetails(report: PlacedParityReport): string[] {
  const failing: OutputComparison[] = [...report.outputs, ...(report.studentOnReferenceMask ? [report.studentOnReferenceMask] : [])].filter((o) => !o.pass);
  const lines = failing.map((output) => {
    const values = output.samples.map((s) => `[${s.index}] expected ${s.expected} got ${s.actual}`).join('; ');
    return `${report.runtime} ${output.name}: first value outside ${report.tolerance.abs} at index ${output.firstBad}: ${values}`;
  });
  if (!report.mask.pass) {
    lines.push(`${report.runtime} mask: position ${report.mask.firstBad} differs and its attention is not within tolerance of the k-th value`);
  }
  return lines;
}

function failureSummary(result: Omit<ParityGateResult, 'table'>): string {
  const parts = [
    ...result.reports.filter((r) => !r.pass).map((r) => `${r.runtime} differs from the reference`),
    ...result.errors.map((e) => `${e.runtime} did not run`),
    ...result.skipped.filter((s) => s.requested).map((s) => `${s.runtime} was requested but is unavailable`),
  ];
  if (result.reports.length === 0 && parts.length === 0) parts.push('no runtime could run');
  return parts.join('; ');
}

function number(value: number): string {
  return Number.isFinite(value) ? value.toExponential(2) : String(value);
}

function verdict(pass: boolean): string {
  return pass ? 'pass' : 'FAIL';
}
