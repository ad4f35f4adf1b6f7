import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';

describe('ftd command line', () => {
  let stderr: string;
  beforeEach(() => {
    stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('refuses an unknown flag with exit code 2, naming it, before the command runs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ftd-cli-')), 'data');
    expect(await main(['synth', '--out', out, '--identities', '3', '--bogus'])).toBe(2);
    expect(stderr).toMatch(/Unknown argument: bogus/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown command and a missing one', async () => {
    expect(await main(['trian'])).toBe(2);
    expect(stderr).toMatch(/Did you mean train\?/);
    expect(await main([])).toBe(2);
    expect(stderr).toMatch(/name a command/);
  });

  it('refuses a flag value of the wrong type with exit code 2, naming the flag', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ftd-cli-')), 'data');
    expect(await main(['synth', '--out', out, '--identities', 'many'])).toBe(2);
    expect(stderr).toMatch(/--identities must be a number/);
    expect(existsSync(out)).toBe(false);
  });
});
