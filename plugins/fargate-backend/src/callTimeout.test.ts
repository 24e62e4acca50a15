import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  PAYMENTS_SPEC,
  StalledEndpoint,
  useLocalAws,
} from '../../../packages/core/src/account/aws/__fixtures__/localAws';
import { fargatePlugin } from './plugin';

const attempts = 2;
// Both attempts of 300 ms, the SDK's backoff between them, and some slack for the route itself.
const bound = 300 * attempts + 1500;

/**
 * The plugin with its default account factory against an AWS endpoint that accepts connections and
 * never answers (every SDK client, STS included, sent there), the calls bounded to 300 ms × 2 attempts.
 * `config` adds to the `fargate` section (its clusters) and the rest of app-config (`aws`).
 */
function stalledAws(config: { clusters: object[]; aws?: object }) {
  const world: { backend?: Awaited<ReturnType<typeof startTestBackend>>; stall?: StalledEndpoint } = {};
  let restoreEnv: () => void;
  let specs: string;
  beforeAll(async () => {
    world.stall = await new StalledEndpoint().start();
    restoreEnv = useLocalAws(world.stall.url);
    specs = mkdtempSync(join(tmpdir(), 'fk-backend-stall-'));
    writeFileSync(join(specs, 'payments.yaml'), PAYMENTS_SPEC);
    world.backend = await startTestBackend({
      features: [
        fargatePlugin,
        mockServices.rootConfig.factory({
          data: {
            ...(config.aws ? { aws: config.aws } : {}),
            fargate: {
              clusters: config.clusters,
              specs: { localFolder: specs },
              calls: { timeout: '300ms', attempts },
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await world.backend?.stop();
    await world.stall?.stop();
    rmSync(specs, { recursive: true, force: true });
    restoreEnv();
  });
  return world as Required<typeof world>;
}

/**
 * The plugin with its default account factory (AWS through the SDK, bounded by `fargate.calls`)
 * against an endpoint that accepts connections and never answers: routes answer within
 * timeout × attempts, 504, naming the call.
 */
describe('fargate backend routes when AWS stalls', () => {
  const world = stalledAws({ clusters: [{ name: 'prod-eu', region: 'eu-west-1' }] });

  it('GET /clusters answers 504 within the bound, naming the call that timed out', async () => {
    const started = Date.now();
    const res = await request(world.backend.server).get('/api/fargate/clusters');
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(res.body.error).toMatchObject({
      name: 'GatewayTimeoutError',
      message: 'AWS did not answer in time: DescribeCluster prod-eu timed out after 300 ms (2 attempts)',
    });
    expect(elapsed).toBeLessThan(bound);
  });

  it('GET /clusters/:cluster/profiles, POST /plan and POST /explain answer 504 within the bound too', async () => {
    const proposal = {
      cluster: 'prod-eu',
      name: 'search-api',
      selectors: [{ namespace: 'search' }],
      subnets: ['subnet-0a11'],
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/fargate-pods',
    };
    for (const call of [
      () => request(world.backend.server).get('/api/fargate/clusters/prod-eu/profiles'),
      // Not "invalid request": the plan's reads timed out, which the preview says as such.
      () => request(world.backend.server).post('/api/fargate/plan').send(proposal),
      () =>
        request(world.backend.server).post('/api/fargate/explain').send({ cluster: 'prod-eu', namespace: 'payments' }),
    ]) {
      const started = Date.now();
      const res = await call();
      expect(res.status).toBe(504);
      expect(res.body.error.message).toBe('DescribeCluster prod-eu timed out after 300 ms (2 attempts)');
      expect(Date.now() - started).toBeLessThan(bound);
    }
  });
});

/**
 * Backstage's AWS integration makes STS calls of its own: AssumeRole for a cluster of another account
 * (`aws.accounts[].roleName`), and GetCallerIdentity to find the main account's id for a cluster whose
 * account has no entry (with a client that has no time bound at all). An STS that accepts the
 * connection and never answers fails the routes within the call policy, the message naming what waited.
 */
describe('fargate backend routes when STS stalls', () => {
  const world = stalledAws({
    aws: { accounts: [{ accountId: '999999999999', roleName: 'fargatekeeper-read' }] },
    clusters: [
      { name: 'prod-eu', region: 'eu-west-1', accountId: '999999999999' },
      { name: 'other', region: 'eu-west-1', accountId: '111111111111' },
    ],
  });

  const credentialsOf = (account: string, cluster: string) =>
    `getting AWS credentials for account ${account} of cluster ${cluster} (aws.mainAccount, aws.accounts) timed out after 600 ms`;

  it('GET /clusters answers 504 within the bound, naming the credentials of each account', async () => {
    const started = Date.now();
    const clusters = await request(world.backend.server).get('/api/fargate/clusters');
    expect(Date.now() - started).toBeLessThan(bound);
    expect(clusters.status).toBe(504);
    expect(clusters.body.error).toMatchObject({
      name: 'GatewayTimeoutError',
      message: `AWS did not answer in time: ${credentialsOf('999999999999', 'prod-eu')}; ${credentialsOf('111111111111', 'other')}`,
    });
    // STS was asked (the stalled endpoint took the connections), not skipped.
    expect(world.stall.connections).toBeGreaterThan(1);
  });

  it.each([
    ['prod-eu', '999999999999', 'AssumeRole'],
    ['other', '111111111111', 'GetCallerIdentity'],
  ])('GET /clusters/%s/profiles answers 504 within the bound (%s, %s)', async (cluster, account) => {
    const started = Date.now();
    const profiles = await request(world.backend.server).get(`/api/fargate/clusters/${cluster}/profiles`);
    expect(Date.now() - started).toBeLessThan(bound);
    expect(profiles.status).toBe(504);
    expect(profiles.body.error.message).toBe(credentialsOf(account, cluster));
  });
});
