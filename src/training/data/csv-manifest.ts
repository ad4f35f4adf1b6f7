import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { BadSampleError } from './bad-sample-error.ts';
import { parseLabelCell } from './labels.ts';
import { parseCsv, type CsvRecord } from './parse-csv.ts';
import { isSplit, type ManifestSamples, type Sample } from './sample.ts';

const columns = ['path', 'label', 'video', 'split', 'type', 'compression'] as const;
type Column = (typeof columns)[number];

/**
 * Reads a CSV manifest with a header row naming its columns: `path` and `label` are required; `video`,
 * `split`, `type` and `compression` are optional, in any order. Paths are relative to the CSV's folder (or
 * `imageRoot`) unless absolute. Labels are 0/1 or real/fake. Without a video column each image is its own
 * video; without a type column fakes are of type 'fake'.
 */
export async function loadCsvManifest(file: string, options: { skipBad?: boolean; imageRoot?: string } = {}): Promise<ManifestSamples> {
  const name = basename(file);
  const records = parseCsv(await readFile(file, 'utf8'), name);
  const header = records[0];
  if (!header) throw new RangeError(`${file}: expected a header row (path,label[,video][,split][,type]), found an empty file`);
  const columnIndex = readHeader(header, file);
  const root = resolve(options.imageRoot ?? dirname(resolve(file)));
  const manifest: ManifestSamples = { samples: [], skipped: [] };
  for (const record of records.slice(1)) {
    const origin = `${name} line ${record.line}`;
    try {
      manifest.samples.push(readRow(record, columnIndex, root, origin));
    } catch (error) {
      if (!(error instanceof BadSampleError) || !options.skipBad) throw error;
      manifest.skipped.push({ path: error.path, origin, reason: error.reason });
    }
  }
  return manifest;
}

function readHeader(header: CsvRecord, file: string): Map<Column, number> {
  const index = new Map<Column, number>();
  header.fields.forEach((cell, i) => {
    const column = cell.trim().toLowerCase();
    if (!(columns as readonly string[]).includes(column)) {
      throw new RangeError(`${file} line ${header.line}: column ${i + 1} is "${cell}"; expected a header naming columns among ${columns.join(', ')}`);
    }
    if (index.has(column as Column)) throw new RangeError(`${file} line ${header.line}: column "${column}" appears twice`);
    index.set(column as Column, i);
  });
  for (const required of ['path', 'label'] as const) {
    if (!index.has(required)) throw new RangeError(`${file} line ${header.line}: the header must name a "${required}" column, found ${header.fields.join(',')}`);
  }
  return index;
}

function readRow(record: CsvRecord, columnIndex: Map<Column, number>, root: string, origin: string): Sample {
  const cell = (column: Column) => {
    const i = columnIndex.get(column);
    return i === undefined ? '' : record.fields[i]!.trim();
  };
  const relativePath = record.fields[columnIndex.get('path')!]?.trim() ?? '';
  const path = relativePath === '' ? '' : resolve(root, relativePath);
  const bad = (reason: string) => new BadSampleError(path || '(no path)', origin, reason);
  if (record.fields.length !== columnIndex.size) throw bad(`expected ${columnIndex.size} fields as in the header, found ${record.fields.length}`);
  if (path === '') throw bad('path is empty');
  const label = parseLabelCell(cell('label'));
  if (label === undefined) throw bad(`label must be 0, 1, real or fake, found "${cell('label')}"`);
  const type = cell('type') || (label === 0 ? 'real' : 'fake');
  if ((label === 0) !== (type === 'real')) throw bad(`label ${cell('label')} contradicts type "${type}"`);
  const split = cell('split');
  if (split !== '' && !isSplit(split)) throw bad(`split must be train, val or test (or empty), found "${split}"`);
  const sample: Sample = { path, label, type, video: cell('video') || relativePath, origin };
  if (split !== '') sample.split = split as Sample['split'];
  if (cell('compression') !== '') sample.compression = cell('compression');
  return sample;
}
