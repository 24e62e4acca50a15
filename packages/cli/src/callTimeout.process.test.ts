// The CLI as a real process against an AWS endpoint that accepts connections and never answers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localAwsEnv, PAYMENTS_SPEC, StalledEndpoint } from '../../core/src/account/aws/__fixtures__/localAws';
import { repoRoot, runCli } from './testing/runCli';

const cliDir = join(repoRoot, 'packages/cli');
const bin = join(cliDir, 'bin/fargatekeeper.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(join(cliDir, 'build.js')) as { ensureBuilt(): Promise<string> };

describe('fargatekeeper plan against a stalled AWS endpoint', () => {
  let stall: StalledEndpoint;
  let dir: string;

  beforeAll(async () => {
    await build.ensureBuilt();
    stall = await new StalledEndpoint().start();
    dir = mkdtempSync(join(tmpdir(), 'fk-stall-'));
    writeFileSync(join(dir, 'payments.yaml'), PAYMENTS_SPEC);
  }, 60_000);

  afterAll(async () => {
    await stall.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 1 within --call-timeout × --call-attempts, naming the call that timed out', async () => {
    const env = { PATH: process.env.PATH ?? '', ...localAwsEnv(stall.url) };
    const args = [
      bin,
      'plan',
      '--specs',
      dir,
      '--region',
      'eu-west-1',
      '--call-timeout',
      '300ms',
      '--call-attempts',
      '2',
    ];
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
