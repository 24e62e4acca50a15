import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '../../e2e/support/processes';

/** Whether a Redis server answers PING on `port`. */
function pings(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', data => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/**
 * Debian's `redis-server` on 127.0.0.1 and a free port, in memory only (no RDB snapshots, no AOF),
 * for tests and benches of several backend replicas sharing Backstage's cache. `stop()` ends exactly
 * the process this started.
 */
export class RedisServer {
  private process?: ChildProcess;
  private output = '';
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.process = child;
    child.stdout!.on('data', chunk => (this.output = (this.output + chunk).slice(-4000)));
    child.stderr!.on('data', chunk => (this.output = (this.output + chunk).slice(-4000)));
    const failed = new Promise<never>((_, reject) => {
      child.once('error', error =>
        reject(
          new Error(
            `redis-server could not be started (${error.message}); install Debian's redis-server (apt-get install redis-server)`,
          ),
        ),
      );
      child.once('exit', code =>
        reject(new Error(`redis-server exited with ${code} before it was ready:\n${this.output}`)),
      );
    });
    failed.catch(() => undefined);
    const ready = (async () => {
      for (let waited = 0; waited < 10_000; waited += 50) {
        if (await pings(this.port)) return;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      throw new Error(`redis-server did not answer PING on port ${this.port} within 10 s:\n${this.output}`);
    })();
    await Promise.race([ready, failed]);
    return this;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
