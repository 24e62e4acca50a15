// @fargatekeeper/cli: `main(argv, io)` for tests and embedding; `runProcess()` for bin/fargatekeeper.js.
import { main } from './main';
import { ExitCode } from './exitCodes';
import { processIO } from './io';

export { main } from './main';
export { commands, type Command, type CommandContext } from './commands';
export { processIO, type CliIO, type OutputStream } from './io';
export { ExitCode } from './exitCodes';

/** Runs the CLI on this process's argv and sets its exit code. */
export async function runProcess(): Promise<void> {
  const code = await main(process.argv.slice(2), processIO());
  process.exitCode = code;
  // A cancelled run has saved and said what it did: a call still in flight (AWS answers it later) must
  // not keep the process alive.
  if (code === ExitCode.interrupted || code === ExitCode.terminated) process.exit(code);
}
