import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue } from './prometheus-text.ts';

/** The reader the /metrics tests rely on must refuse what Prometheus would refuse, or "it parses" means nothing. */

const valid = ['# HELP up Whether it is up', '# TYPE up gauge', 'up{job="a",path="x\\"y"} 1', '# TYPE lag gauge', 'lag Nan', ''].join('\n');

describe('parsePrometheusText', () => {
  it('reads types, labels (with escapes) and values', () => {
    const exposition = parsePrometheusText(valid);
    expect(exposition.types.get('up')).toBe('gauge');
    expect(exposition.samples[0]).toEqual({ name: 'up', labels: { job: 'a', path: 'x"y' }, value: 1 });
    expect(sampleValue(exposition, 'lag')).toBeNaN();
  });

  it.each([
    ['a sample without a TYPE line', 'orphan 1'],
    ['a value that is no float', '# TYPE up gauge\nup one'],
    ['an unterminated label value', '# TYPE up gauge\nup{job="a} 1'],
    ['a repeated label', '# TYPE up gauge\nup{a="1",a="2"} 1'],
    ['an unknown type', '# TYPE up thing\nup 1'],
    ['a bad metric name', '# TYPE up gauge\n1up 1'],
  ])('refuses %s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow(SyntaxError);
  });
});
