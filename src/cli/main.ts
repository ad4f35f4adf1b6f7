import yargs from 'yargs';
import { isFlagError } from '../util/flag-error.ts';
import { commands } from './commands/index.ts';
import { UsageError } from './usage-error.ts';

/**
 * Parses argv and runs one command; returns the process exit code. Each command module only parses
 * flags and calls one library function; errors from the library are printed without a stack trace
 * unless FTD_DEBUG is set, because they already say what was expected and what was found.
 *
 * Exit codes: 2 when the command line is wrong, whether yargs or the library found it (a `FlagError`
 * names the flag); 1 when the work failed or a check it ran failed (parity, dataset); 0 otherwise.
 */
export async function main(argv: string[]): Promise<number> {
  const parser = yargs(argv)
    .scriptName('ftd')
    .usage('$0 <command> [options]\n\nTrain, export and deploy a learning-to-mask face-forgery detector.')
    .command(commands as never)
    .demandCommand(1, 'name a command; "ftd --help" lists them')
    .strict()
    .strictOptions()
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((message, error) => {
      // Throwing (rather than printing) stops yargs before it runs the command's handler.
      throw error ?? new UsageError(`${message}\nRun "ftd --help" or "ftd <command> --help" for the flags.`);
    });
  try {
    // A command reports a non-zero outcome (a failed parity check) by setting argv.exitCode.
    const result = await parser.parseAsync();
    const code = (result as { exitCode?: unknown }).exitCode;
    return typeof code === 'number' ? code : Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (process.env.FTD_DEBUG && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  } else {
    process.stderr.write(`ftd: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  return error instanceof UsageError || isFlagError(error) ? 2 : 1;
}
