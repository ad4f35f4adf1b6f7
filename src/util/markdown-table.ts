/** A markdown table with padded columns, readable both raw in a terminal and rendered in CI summaries. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const pad = (text: string, column: number) => (rightAligned.has(column) ? text.padStart(widths[column]!) : text.padEnd(widths[column]!));
  const line = (cells: readonly string[]) => `| ${header.map((_, column) => pad(cells[column] ?? '', column)).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (rightAligned.has(column) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
