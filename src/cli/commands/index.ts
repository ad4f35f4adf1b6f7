import type { CommandModule } from 'yargs';

/** Every `ftd` command, in the order `ftd --help` lists them. One file per command in this folder. */
export const commands: CommandModule<object, any>[] = [];
