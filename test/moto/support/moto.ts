import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ServerProcess, freePort, waitForHttp } from '../../e2e/support/processes';

const PYTHON = 'python3';
/** The repository: found from this file under jest; a bench bundle runs from elsewhere, with the root as its cwd (bench/run.mjs). */
export const REPO_ROOT = existsSync(resolve(__dirname, 'moto_server.py'))
  ? resolve(__dirname, '../../..')
  : process.cwd();
const WRAPPER = resolve(REPO_ROOT, 'test/moto/support/moto_server.py');
export const REGION = 'eu-west-1';
/** moto's default account: ARNs it makes and the role ARNs of the specs agree on it. */
export const ACCOUNT_ID = '123456789012';

/**
 * Why moto cannot run here (no python3, no moto), or undefined when it can. Asked once, at load,
 * so a suite can skip with the reason instead of failing on a machine without the emulator.
 */
export const motoMissing: string | undefined = (() => {
  const probe = spawnSync(PYTHON, ['-c', 'import moto; print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return `python module moto not importable: ${(probe.stderr || '').trim().split('\n').pop()}`;
  return undefined;
})();

/** `describe`, or `describe.skip` with a one-line notice on stderr saying why. */
export function describeWithMoto(name: string, body: () => void): void {
  if (motoMissing === undefined) {
    // eslint-disable-next-line jest/valid-describe-callback -- a wrapper: `body` is the suite's callback
    describe(name, body);
    return;
  }
  process.stderr.write(
    `moto suite "${name}" skipped: ${motoMissing}; it needs python3 with moto (\`pip install 'moto[server]'\`)\n`,
  );
  // eslint-disable-next-line jest/valid-describe-callback, jest/no-disabled-tests -- skipped on purpose, saying why
  describe.skip(name, body);
}

export interface MotoOptions {
  /** Answer this for EKS's "Fargate profiles per cluster" quota (moto lacks it); leave out to keep moto's 5xx. */
  eksQuota?: number;
}

/** One moto server on a free loopback port, with the patches of moto_server.py. */
export class Moto {
  private constructor(
    readonly endpoint: string,
    private readonly server: ServerProcess,
  ) {}

  static async start(options: MotoOptions = {}): Promise<Moto> {
    const port = await freePort();
    const args = [
      WRAPPER,
      '127.0.0.1',
      String(port),
      ...(options.eksQuota !== undefined ? ['--eks-quota', String(options.eksQuota)] : []),
    ];
    const server = new ServerProcess('moto', PYTHON, args, { cwd: REPO_ROOT, env: { PYTHONDONTWRITEBYTECODE: '1' } });
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${endpoint}/moto-api/`, server, { timeoutMs: 30_000 });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return new Moto(endpoint, server);
  }

  /** Environment of a process that talks to this moto through the SDK's standard chains only. */
  awsEnv(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      // Nothing from this machine's AWS configuration, and no instance metadata lookups.
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  /**
   * Points this process's SDK clients at the server (environment, as a user would) and returns a
   * function that puts the previous environment back.
   */
  useInProcess(): () => void {
    const keys = [...Object.keys(this.awsEnv()), 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_REGION'];
    const saved = new Map(keys.map(k => [k, process.env[k]]));
    for (const k of keys) delete process.env[k];
    Object.assign(process.env, this.awsEnv());
    return () => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
  }

  /** The server's last output lines, for failure messages. */
  tail(): string {
    return this.server.tail();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
