/** One row of the crops' CSV manifest: the columns training's CSV reader takes (src/training/data/csv-manifest.ts). */
export interface CropRow {
  /** The crop's PNG, relative to the output folder, '/'-separated. */
  readonly path: string;
  readonly label: 0 | 1;
  /** The source's video id (or the photo itself), so video AUC groups a video's crops. */
  readonly video: string;
  readonly split: string;
  readonly type: string;
  readonly compression: string;
}

const columns = ['path', 'label', 'video', 'split', 'type', 'compression'] as const;

/** The manifest's text: a header and one row per crop, fields quoted where RFC 4180 needs it. */
export function cropManifestText(rows: readonly CropRow[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(String(row[column]))).join(','))];
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
