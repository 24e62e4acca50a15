import { commands, findCommand } from './commands';
import { CliError, UsageError } from './errors';
import { ExitCode } from './exitCodes';
import { commandHelp, mainHelp, usageHint } from './help';
import type { CliIO } from './io';
import { parseOptions } from './options';
import { paint, useColor } from './output';
import { version } from './version';

/**
 * Runs the CLI for `argv` (without `node` and the script) and returns the exit code. Everything it
 * prints goes through `io`, so tests run it in-process with captured output.
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && rest[0] ? findCommand(rest[0]) : undefined;
    if (first === 'help' && rest[0] && !topic) return usageError(io, new UsageError(`unknown command \`${rest[0]}\``));
    // Bare `fargatekeeper` is a usage mistake: the help goes to stderr and the exit code is 1.
    (first === undefined ? io.stderr : io.stdout).write(topic ? commandHelp(topic) : mainHelp(commands));
    return first === undefined ? ExitCode.error : ExitCode.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const command = findCommand(first);
  if (!command) {
    const what = first.startsWith('-')
      ? `unknown option ${first} (a command comes first)`
      : `unknown command \`${first}\``;
    return usageError(io, new UsageError(`${what}; commands: ${commands.map(c => c.name).join(', ')}`));
  }

  try {
    const options = parseOptions(rest, command.options, command.name);
    if (options.flag('help')) {
      io.stdout.write(commandHelp(command));
      return ExitCode.ok;
    }
    const color = useColor(options, io);
    return await command.run({ io, options, color, paint: paint(color) });
  } catch (err) {
    if (err instanceof UsageError) return usageError(io, err);
    const p = paint(io.stderr.isTTY === true && !io.env.NO_COLOR);
    if (err instanceof CliError) {
      io.stderr.write(`${p.red('error')}: ${err.message}\n`);
    } else {
      // An unexpected failure (AWS unreachable, no credentials, a bug): the message, and the stack on request.
      const e = err instanceof Error ? err : new Error(String(err));
      io.stderr.write(`${p.red('error')}: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}\n`);
      if (io.env.FARGATEKEEPER_DEBUG) io.stderr.write(`${e.stack}\n`);
      else io.stderr.write(p.dim('(set FARGATEKEEPER_DEBUG=1 for the stack trace)\n'));
    }
    return ExitCode.error;
  }
}

function usageError(io: CliIO, err: UsageError): number {
  const usage = err.command
    ? `Usage: fargatekeeper ${err.command} [options]`
    : 'Usage: fargatekeeper <command> [options]';
  io.stderr.write(`error: ${err.message}\n${usage}\n${usageHint(err.command)}\n`);
  return ExitCode.error;
}
