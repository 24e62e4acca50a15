import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the OS picks it; the tiny race before the server binds is acceptable). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A server process started for the test, in its own process group so every child dies with it. */
export class ServerProcess {
  private readonly output: string[] = [];
  private readonly child: ChildProcess;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: Record<string, string> },
  ) {
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString('utf8').split('\n'));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('exit', code => (this.exitCode = code));
    // Should the test process end without `stop()` (an interrupted run), take the group down with it.
    const pid = this.child.pid;
    process.once('exit', () => {
      if (pid !== undefined && !this.exited) killGroup(pid, 'SIGKILL');
    });
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /** The last lines it printed, for failure messages. */
  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs` if anything is left. */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    killGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (!this.exited && Date.now() < deadline) await sleep(100);
    killGroup(pid, 'SIGKILL');
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls `url` until it answers with a status `ready` accepts; fails fast when the process exits. */
export async function waitForHttp(
  url: string,
  server: ServerProcess,
  options: { timeoutMs: number; ready?: (status: number) => boolean },
): Promise<void> {
  const ready = options.ready ?? (status => status === 200);
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`${server.name} exited before ${url} was ready:\n${server.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (ready(response.status)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(500);
  }
  throw new Error(`${server.name} was not ready at ${url} within ${options.timeoutMs} ms (${last}):\n${server.tail()}`);
}
