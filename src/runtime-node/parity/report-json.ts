import type { PlacedParityReport } from './runtime.ts';

/**
 * A parity report as JSON and back, for reports made in a child process. Differences can be Infinity or NaN
 * (a relative difference against a reference of 0), which plain JSON would turn into null.
 */
export function encodeReport(report: PlacedParityReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? { nonFinite: String(value) } : value));
}

export function decodeReport(text: string): PlacedParityReport {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'nonFinite' in value) return Number((value as { nonFinite: string }).nonFinite);
    return value;
  }) as PlacedParityReport;
}
