import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../src/training/data/parse-csv.ts';

describe('parseCsv', () => {
  it('splits fields and records, with the line each record starts on', () => {
    expect(parseCsv('path,label\na.jpg,1\n\nb.jpg,0\n', 'x.csv')).toEqual([
      { line: 1, fields: ['path', 'label'] },
      { line: 2, fields: ['a.jpg', '1'] },
      { line: 4, fields: ['b.jpg', '0'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF and a byte-order mark', () => {
    const text = '\uFEFFpath,label\r\n"a, b.jpg",1\r\n"say ""hi"".jpg",0\r\n"two\nlines.jpg",1\r\nlast.jpg,0';
    expect(parseCsv(text, 'x.csv')).toEqual([
      { line: 1, fields: ['path', 'label'] },
      { line: 2, fields: ['a, b.jpg', '1'] },
      { line: 3, fields: ['say "hi".jpg', '0'] },
      { line: 4, fields: ['two\nlines.jpg', '1'] },
      { line: 6, fields: ['last.jpg', '0'] },
    ]);
  });

  it('keeps empty fields', () => {
    expect(parseCsv('a,,c\n,,\n', 'x.csv')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', '', ''] },
    ]);
  });

  it('names the file and line of malformed quoting', () => {
    expect(() => parseCsv('path,label\n"open.jpg,1\n', 'list.csv')).toThrow(/list.csv line 2: a quoted field is never closed/);
    expect(() => parseCsv('path,label\n"a"b.jpg,1\n', 'list.csv')).toThrow(/list.csv line 2: expected a comma or line end after a closing quote/);
    expect(() => parseCsv('path,label\nab"c.jpg,1\n', 'list.csv')).toThrow(/list.csv line 2: a quote may only open a field/);
  });
});
