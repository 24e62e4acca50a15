// @fargatekeeper/cli: `main(argv, io)` for tests and embedding; `runProcess()` for bin/fargatekeeper.js.
import { main } from './main';
import { processIO } from './io';

export { main } from './main';
export { commands, type Command, type CommandContext } from './commands';
export { processIO, type CliIO, type OutputStream } from './io';
export { ExitCode } from './exitCodes';

/** Runs the CLI on this process's argv and sets its exit code. */
export async function runProcess(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIO());
}
