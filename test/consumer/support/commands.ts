import { spawn } from 'node:child_process';

/** A command's outcome: its exit code and everything it printed (stdout and stderr interleaved). */
export interface CommandResult {
  code: number;
  output: string;
}

export interface CommandOptions {
  cwd: string;
  env?: Record<string, string>;
  /** The whole process group is killed past this, and the command fails. */
  timeoutMs: number;
}

/**
 * The environment for commands run outside the workspace: `npm run` exports its configuration as
 * npm_config_* (among them the workspace's prefix, where a nested `npm install` would then install)
 * and jest sets NODE_ENV=test; neither may reach the consumer's tools. Node 24's header folder for
 * node-gyp (set by scripts/node24) stays.
 */
export function consumerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === 'NODE_ENV' || key === 'INIT_CWD') continue;
    if (
      /^npm_(config|package|lifecycle|command|execpath|node_execpath)/i.test(key) &&
      key !== 'npm_package_config_node_gyp_nodedir'
    )
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end, bounded in time; never throws (see `runOrFail`). */
export function run(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? consumerEnv(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, options.timeoutMs);
    const finish = (code: number, note = '') => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString('utf8') + note });
    };
    child.once('error', error => finish(127, `\n${String(error)}`));
    child.once('close', (code, signal) =>
      finish(code ?? 128, timedOut ? `\n(killed after ${options.timeoutMs} ms)` : signal ? `\n(${signal})` : ''),
    );
  });
}

/** Runs a command and fails, with the end of its output, unless it exits 0. */
export async function runOrFail(command: string, args: string[], options: CommandOptions): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(' ')}\` (in ${options.cwd}) exited ${result.code}:\n${tail(result.output)}`,
    );
  }
  return result.output;
}

/** The last `lines` lines of a command's output, for failure messages. */
export function tail(output: string, lines = 60): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}
