import { describe, expect, it } from 'vitest';
import { exitCodeFor, stopSignals } from '../../../src/util/signal-exit-code.ts';

describe('exitCodeFor', () => {
  it('is 128 + the signal number, the code a shell reports for a process the signal ended', () => {
    expect(stopSignals).toEqual(['SIGINT', 'SIGTERM']);
    expect(exitCodeFor('SIGINT')).toBe(130);
    expect(exitCodeFor('SIGTERM')).toBe(143);
  });
});
