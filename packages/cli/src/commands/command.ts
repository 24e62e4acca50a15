import type { CliIO } from '../io';
import type { OptionDefs, ParsedOptions } from '../options';
import type { Paint } from '../output';

/** What every command receives: its parsed options and where to write. */
export interface CommandContext {
  io: CliIO;
  options: ParsedOptions;
  /** Colour decided once from --color/--no-color, NO_COLOR, FORCE_COLOR and the TTY. */
  color: boolean;
  paint: Paint;
}

/** A subcommand: its help text, its options, and `run`, which returns the exit code. */
export interface Command {
  name: string;
  /** One line for the top-level command list. */
  summary: string;
  /** Paragraphs shown by `fargatekeeper <name> --help` under the usage line. */
  description: string;
  options: OptionDefs;
  /** Examples shown at the end of the help. */
  examples?: string[];
  /** Exit codes beyond 0/1, shown in the help. */
  exitCodes?: string[];
  run(ctx: CommandContext): Promise<number>;
}
