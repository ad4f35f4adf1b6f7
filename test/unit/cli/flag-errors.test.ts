import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelTiny, runFtd } from '../../runtime/model-tiny.ts';

/**
 * A flag value that parses but cannot be used is refused by library code, not by yargs; the real `ftd` still
 * exits 2 on it, as on yargs's own usage errors, and names the flag. Each invocation fails while its flags are
 * checked, before a model, a back end or a dataset is loaded.
 */
const scratch = mkdtempSync(join(tmpdir(), 'ftd-flag-errors-'));
const faces = 'fixtures/faces';

const cases: Array<{ command: string; args: string[]; message: RegExp }> = [
  { command: 'synth', args: ['synth', '--out', join(scratch, 'synth'), '--size', '36'], message: /^ftd: --size must be a multiple of 8 .*; found 36$/m },
  { command: 'train', args: ['train', '--out', join(scratch, 'run'), '--resume', '--force'], message: /^ftd: --resume and --force contradict each other/m },
  { command: 'train', args: ['train', '--out', join(scratch, 'run'), '--data', 'fixtures/synth-tiny', '--init', join(scratch, 'no-such.safetensors')], message: /^ftd: --init .*no-such\.safetensors does not exist or cannot be read; expected a pretrained-weights file/m },
  { command: 'train', args: ['train', '--out', join(scratch, 'run'), '--backbone', 'resnet18', '--student-backbone', 'xception', '--init', 'w.safetensors'], message: /^ftd: --init loads one file into both backbones, but the teacher is resnet18 and the student xception/m },
  { command: 'eval', args: ['eval', join(scratch, 'run'), '--batch', '0'], message: /^ftd: --batch must be an integer >= 1, got 0$/m },
  { command: 'export', args: ['export', join(scratch, 'run'), '--out', join(scratch, 'model'), '--batch', 'abc'], message: /^ftd: --batch must be "dynamic" or a positive integer, found "abc"$/m },
  { command: 'infer', args: ['infer', modelTiny, faces, '--batch', '0'], message: /^ftd: --batch must be a positive integer, found 0$/m },
  { command: 'infer', args: ['infer', modelTiny], message: /^ftd: ftd infer needs images \(files or folders\) after the model folder, or --merge with score files$/m },
  { command: 'infer', args: ['infer', modelTiny, faces, '--shard', '2/2'], message: /^ftd: --shard must be i\/n with 0 <= i < n/m },
  { command: 'parity', args: ['parity', modelTiny, '--runtimes', 'node-tpu'], message: /^ftd: --runtimes: unknown runtime "node-tpu"/m },
  { command: 'serve', args: ['serve', modelTiny, '--port', '0', '--max-batch', '0'], message: /^ftd: --max-batch must be an integer from 1 to 4096, found 0$/m },
  { command: 'bench train', args: ['bench', 'train', '--json', scratch], message: /^ftd: --json .* is a folder; expected a file to write/m },
  { command: 'bench infer', args: ['bench', 'infer', modelTiny, '--targets', 'node-tpu'], message: /^ftd: --targets: unknown target "node-tpu"/m },
  { command: 'bench serve', args: ['bench', 'serve', modelTiny, '--requests', '0'], message: /^ftd: --requests must be an integer from 1 to 1000000, found 0$/m },
];

describe('a bad flag value found by library code', () => {
  it.each(cases)('exits 2 from ftd $command, naming the flag', { timeout: 60_000 }, async ({ args, message }) => {
    const { code, stdout, stderr } = await runFtd(args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });

  it('leaves nothing behind: the synth and export folders were never created', () => {
    expect(existsSync(join(scratch, 'synth'))).toBe(false);
    expect(existsSync(join(scratch, 'model'))).toBe(false);
  });
});
