import { apply } from './apply';
import type { Command } from './command';
import { explain } from './explain';
import { importCommand } from './import';
import { plan } from './plan';
import { validate } from './validate';

export type { Command, CommandContext } from './command';

/**
 * Every subcommand, in the order `fargatekeeper --help` lists them.
 * To add one (e.g. `apply`): write `commands/<name>.ts` exporting a `Command` (see command.ts; the
 * shared option definitions are in ../options.ts, loading specs and opening the account in
 * ../context.ts), then import it and add it to this list. Nothing else needs to change: parsing,
 * `--help`, usage errors and exit codes come from main.ts.
 */
export const commands: readonly Command[] = [validate, plan, apply, explain, importCommand];

export const findCommand = (name: string): Command | undefined => commands.find(c => c.name === name);
