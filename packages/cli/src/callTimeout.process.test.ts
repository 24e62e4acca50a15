// The CLI as a real process against an AWS endpoint that accepts connections and never answers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './testing/runCli';
import { runCli } from './testing/runCli';

const cliDir = join(repoRoot, 'packages/cli');
const bin = join(cliDir, 'bin/fargatekeeper.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(join(cliDir, 'build.js')) as { ensureBuilt(): Promise<string> };

const SPEC = [
  'apiVersion: fargatekeeper.dev/v1',
  'kind: FargateProfile',
  'metadata: { name: payments }',
  'spec:',
  '  cluster: prod-eu',
  '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
  '  subnets: [subnet-0a11]',
  '  selectors: [{ namespace: payments }]',
].join('\n');

describe('fargatekeeper plan against a stalled AWS endpoint', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let dir: string;

  beforeAll(async () => {
    await build.ensureBuilt();
    server = createServer(socket => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'fk-stall-'));
    writeFileSync(join(dir, 'payments.yaml'), SPEC);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise(resolve => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 within --call-timeout × --call-attempts, naming the call that timed out', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const args = [bin, 'plan', '--specs', dir, '--region', 'eu-west-1', '--call-timeout', '300ms', '--call-attempts', '2'];
    const started = Date.now();
    const child = spawn(process.execPath, args, { env });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    // Without the bound the process would wait forever: kill it well after the bound, and fail.
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>(resolve => child.on('close', resolve));
    clearTimeout(kill);
    const elapsed = Date.now() - started;
    expect(code).toBe(1);
    expect(output).toMatch(/(DescribeCluster|ListFargateProfiles) prod-eu timed out after 300 ms \(2 attempts\)/);
    // 2 × 300 ms, the SDK's backoff between them, and the process starting and loading the SDK.
    expect(elapsed).toBeLessThan(300 * 2 + 2500);
  }, 20_000);

  it('refuses a call policy it cannot use, naming the option', async () => {
    const timeout = await runCli(['plan', '--region', 'eu-west-1', '--call-timeout', 'soon']);
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toContain('--call-timeout needs a duration such as 30s or 300ms (got `soon`)');
    const attempts = await runCli(['plan', '--region', 'eu-west-1', '--call-attempts', '0']);
    expect(attempts.code).toBe(1);
    expect(attempts.stderr).toContain('--call-attempts needs a whole number of at least 1 (got `0`)');
  });
});
