export interface CsvRecord {
  /** 1-based line number where the record starts, as an editor shows it. */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes ("" is a quote inside one, and quoted
 * fields may hold commas and line breaks), LF or CRLF line ends, an optional UTF-8 byte-order mark. Blank
 * lines are dropped. `file` only names the input in errors.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldWasQuoted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '' || fieldWasQuoted) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldWasQuoted = false;
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"') {
      if (field !== '') throw new RangeError(`${file} line ${line}: a quote may only open a field, found one after "${field}"`);
      quoted = true;
      fieldWasQuoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      fieldWasQuoted = false;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (fieldWasQuoted) throw new RangeError(`${file} line ${line}: expected a comma or line end after a closing quote, found "${char}"`);
      field += char;
    }
  }
  if (quoted) throw new RangeError(`${file} line ${recordLine}: a quoted field is never closed`);
  endRecord();
  return records;
}
