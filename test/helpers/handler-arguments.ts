import yargs, { type CommandModule } from 'yargs';

/**
 * The arguments yargs hands a command's handler for a command line (command name first), parsed strictly as
 * `ftd` parses, without running the command.
 */
export async function handlerArguments(command: CommandModule<object, any>, commandLine: readonly string[]): Promise<Record<string, any>> {
  let parsed: Record<string, any> | undefined;
  await yargs([...commandLine])
    .command({ ...command, handler: (argv: Record<string, any>) => void (parsed = argv) } as never)
    .strict()
    .fail((message, error) => {
      throw error ?? new Error(message);
    })
    .parseAsync();
  return parsed!;
}
