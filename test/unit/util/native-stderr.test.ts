import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const helper = fileURLToPath(new URL('../../../src/util/native-stderr.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
// fs.writeSync(2) reaches fd 2 the way a native library's fprintf does: past process.stderr.
const script = `
import { writeSync } from 'node:fs';
import { captureNativeStderr } from ${JSON.stringify(helper)};
process.stderr.write('before\\n');
const { value, captured } = captureNativeStderr(() => { writeSync(2, 'native line\\n'); return 42; });
process.stderr.write('after\\n');
process.stdout.write(JSON.stringify({ value, captured }));
`;
const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
const node = [process.execPath, '--import', tsx, '--input-type=module', '-e', script].map(shellQuote).join(' ');

describe('captureNativeStderr', () => {
  it('takes what is written to fd 2 during the call when stderr is a pipe, and gives stderr back', () => {
    const run = spawnSync('sh', ['-c', `${node} 2>&1 >/dev/null | cat`], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('before\nafter\n');
    const withStdout = spawnSync('sh', ['-c', `${node} 2>/dev/null | cat`], { encoding: 'utf8' });
    expect(JSON.parse(withStdout.stdout)).toEqual({ value: 42, captured: 'native line\n' });
  });

  it('leaves a regular file alone (its offset may be shared) and captures nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ftd-native-stderr-'));
    try {
      const file = join(folder, 'stderr.txt');
      const run = spawnSync('sh', ['-c', `${node} 2>${shellQuote(file)}`], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ value: 42, captured: '' });
      expect(readFileSync(file, 'utf8')).toBe('before\nnative line\nafter\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
