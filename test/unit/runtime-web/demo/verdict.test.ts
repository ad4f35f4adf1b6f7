import { describe, expect, it } from 'vitest';
import { verdict } from '../../../../src/runtime-web/demo/verdict.ts';

describe('verdict', () => {
  it('says likely fake with the rounded percentage from 0.5 up, and likely real below', () => {
    expect(verdict(0.93)).toEqual({ text: 'likely fake 93%', kind: 'fake' });
    expect(verdict(0.5)).toEqual({ text: 'likely fake 50%', kind: 'fake' });
    expect(verdict(0.4999)).toEqual({ text: 'likely real', kind: 'real' });
    expect(verdict(0.996)).toEqual({ text: 'likely fake 100%', kind: 'fake' });
  });
});
