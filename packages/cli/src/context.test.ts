import { examples, runCli } from './testing/runCli';

/** The AWS SDK reads credentials and endpoints from process.env; these tests point it at a closed port. */
const awsEnv = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_MAX_ATTEMPTS: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('the account a command uses', () => {
  const saved = { ...process.env };
  beforeEach(() => Object.assign(process.env, awsEnv));
  afterEach(() => {
    for (const key of Object.keys(awsEnv)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, and talks to AWS through the SDK', async () => {
    const r = await runCli(['plan', '--specs', examples.specs, '--cluster', 'staging', '--format', 'json'], {
      env: { AWS_DEFAULT_REGION: 'eu-central-1' },
    });
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout);
    // `checkout` names eu-west-1 itself; the other specs take the run's region.
    expect(plan.clusters.map((c: { region: string; cluster: string }) => `${c.region}/${c.cluster}`).sort()).toEqual([
      'eu-central-1/prod-eu',
      'eu-central-1/staging',
      'eu-west-1/prod-eu',
    ]);
    expect(plan.diagnostics.find((d: { code: string }) => d.code === 'plan.read-failed').message).toContain(
      'ECONNREFUSED',
    );
  }, 30_000);

  it('reports an AWS failure outside a plan as an error with its name, and the stack only when asked', async () => {
    const argv = ['explain', '--cluster', 'prod-eu', '--namespace', 'x', '--region', 'eu-west-1'];
    const r = await runCli(argv);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*ECONNREFUSED/);
    expect(r.stderr).toContain('(set FARGATEKEEPER_DEBUG=1 for the stack trace)');
    const debug = await runCli(argv, { env: { FARGATEKEEPER_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/\n\s+at /);
  }, 30_000);

  it('needs a region for AWS, also for validate --live', async () => {
    const r = await runCli(['validate', '--specs', examples.specs, '--cluster', 'staging', '--live']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: no AWS region');
  });

  it("prefers --region over the simulated account's own region", async () => {
    const r = await runCli([
      'explain',
      '--sim',
      examples.sim,
      '--region',
      'us-east-1',
      '--cluster',
      'prod-eu',
      '--namespace',
      'x',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: cluster `prod-eu` not found in us-east-1\n');
  });

  it('rejects a folder given as --sim', async () => {
    const r = await runCli(['plan', '--sim', examples.specs]);
    expect(r.stderr).toBe(`error: simulated account file \`${examples.specs}\` is a folder, not a file\n`);
  });
});
