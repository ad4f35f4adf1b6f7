import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandModule } from 'yargs';
import { handlerArguments } from '../../helpers/handler-arguments.ts';
import { benchExportCommand } from '../../../src/cli/commands/bench/export.ts';
import { benchInferCommand } from '../../../src/cli/commands/bench/infer.ts';
import { benchServeCommand } from '../../../src/cli/commands/bench/serve.ts';
import { synthBenchCommand } from '../../../src/cli/commands/bench/synth.ts';
import { benchTrainCommand } from '../../../src/cli/commands/bench/train.ts';
import { inferCommand } from '../../../src/cli/commands/infer.ts';
import { parityCommand } from '../../../src/cli/commands/parity.ts';
import { emitJson, jsonDestination } from '../../../src/cli/json-flag.ts';
import { FlagError, FlagTypeError } from '../../../src/util/flag-error.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ftd-json-flag-'));

describe('jsonDestination', () => {
  it('reads a bare --json as stdout, --json FILE as that file, and no --json as neither', async () => {
    expect(await jsonDestination(undefined)).toEqual({ stdout: false });
    expect(await jsonDestination('')).toEqual({ stdout: true });
    expect(await jsonDestination('out/result.json')).toEqual({ stdout: false, file: 'out/result.json' });
  });

  it('refuses a folder, the positional a bare --json in front of it took, and --json given twice', async () => {
    await expect(jsonDestination(scratch)).rejects.toThrow(FlagError);
    await expect(jsonDestination(scratch)).rejects.toThrow(`--json ${scratch} is a folder; expected a file to write`);
    await expect(jsonDestination(['a.json', 'b.json'])).rejects.toThrow(FlagTypeError);
  });
});

describe('emitJson', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes the document to the file, and prints nothing', async () => {
    const print = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const file = join(scratch, 'nested', 'result.json');
    await emitJson({ stdout: false, file }, { pass: true, n: 3 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ pass: true, n: 3 });
    expect(print).not.toHaveBeenCalled();
  });

  it('prints the document on stdout as one JSON text', async () => {
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((printed += String(chunk)), true));
    await emitJson({ stdout: true }, { pass: false });
    expect(JSON.parse(printed)).toEqual({ pass: false });
  });
});

/** The arguments yargs hands a command's handler, without running it. */
function parse(command: CommandModule<object, any>, args: string[]): Promise<Record<string, unknown>> {
  return handlerArguments(command, [String(command.command).split(' ')[0]!, ...args]);
}

const commands: Array<{ name: string; command: CommandModule<object, any>; positionals: string[] }> = [
  { name: 'infer', command: inferCommand, positionals: ['models/m', 'a.png', 'b.png'] },
  { name: 'parity', command: parityCommand, positionals: ['models/m'] },
  { name: 'bench synth', command: synthBenchCommand, positionals: [] },
  { name: 'bench train', command: benchTrainCommand, positionals: [] },
  { name: 'bench export', command: benchExportCommand, positionals: ['runs/r'] },
  { name: 'bench infer', command: benchInferCommand, positionals: ['models/m'] },
  { name: 'bench serve', command: benchServeCommand, positionals: ['models/m'] },
];

describe.each(commands)('ftd $name --json', ({ command, positionals }) => {
  it('alone: the document on stdout instead of the usual output', async () => {
    const argv = await parse(command, [...positionals, '--json']);
    expect(argv.json).toBe('');
    expect(await jsonDestination(argv.json)).toEqual({ stdout: true });
  });

  it('with a file: the document in that file, the usual output as well', async () => {
    const argv = await parse(command, [...positionals, '--json', 'out.json']);
    expect(argv.json).toBe('out.json');
    expect(await jsonDestination(argv.json)).toEqual({ stdout: false, file: 'out.json' });
  });

  it('not given: the usual output only', async () => {
    const argv = await parse(command, positionals);
    expect(argv.json).toBeUndefined();
    expect(await jsonDestination(argv.json)).toEqual({ stdout: false });
  });
});
