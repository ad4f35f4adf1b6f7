import { describe, expect, it } from 'vitest';
import { formatScoreLine, parseScoreFile, type ScoreFileHeader } from '../../../src/runtime-common/score-lines.ts';

const header: ScoreFileHeader = { format: 'ftd-scores', version: 1, model: { name: 'm', id: '0123456789abcdef' }, shard: { index: 1, count: 3 } };
const line = { key: 'real/a.png', path: '/data/real/a.png', prob: 0.25, label: 'real' as const };

describe('score files', () => {
  it('read back what was written, one line each', () => {
    const text = formatScoreLine(header) + formatScoreLine(line);
    expect(parseScoreFile(text, 'f.jsonl')).toEqual({ header, scores: [line], completeBytes: Buffer.byteLength(text), unfinished: false });
  });

  it('tell an unfinished last line (a kill while appending) from the whole lines before it', () => {
    const whole = formatScoreLine(header) + formatScoreLine(line);
    const contents = parseScoreFile(`${whole}{"key":"fake/b.pn`, 'f.jsonl');
    expect(contents.scores).toEqual([line]);
    expect(contents.unfinished).toBe(true);
    expect(contents.completeBytes).toBe(Buffer.byteLength(whole));
  });

  it('refuse a file that is not a score file, naming the file and line', () => {
    expect(() => parseScoreFile('', 'e.jsonl')).toThrow(/e\.jsonl has no complete header line/);
    expect(() => parseScoreFile('{"format":"other"}\n', 'o.jsonl')).toThrow(/o\.jsonl line 1 is not an ftd-scores version 1 header/);
    expect(() => parseScoreFile(`${formatScoreLine(header)}{"key":"a","prob":"high"}\n`, 's.jsonl')).toThrow(/s\.jsonl line 2 must be \{"key": string/);
    expect(() => parseScoreFile(`${formatScoreLine(header)}not json\n`, 's.jsonl')).toThrow(/s\.jsonl line 2 is not JSON/);
  });

  it('read a photo scored per face, one without a face, and refuse a verdict that does not fit its label', () => {
    const face = { box: { x: 1, y: 2, width: 3, height: 4 }, region: { x: 0, y: 1, width: 5, height: 5 }, score: 0.9, prob: 0.7 };
    const faces = { key: 'p.jpg', path: 'p.jpg', prob: 0.7, label: 'fake' as const, faces: [face] };
    const none = { key: 'q.jpg', path: 'q.jpg', prob: null, label: 'no faces' as const, faces: [] };
    expect(parseScoreFile(formatScoreLine(header) + formatScoreLine(faces) + formatScoreLine(none), 'f.jsonl').scores).toEqual([faces, none]);
    expect(() => parseScoreFile(`${formatScoreLine(header)}{"key":"a","path":"a","prob":null,"label":"real"}\n`, 'n.jsonl')).toThrow(/n\.jsonl line 2 must be .*"label": "no faces"/);
    expect(() => parseScoreFile(`${formatScoreLine(header)}{"key":"a","path":"a","prob":0.1,"label":"real","faces":3}\n`, 'n.jsonl')).toThrow(/"faces" an array/);
  });
});
