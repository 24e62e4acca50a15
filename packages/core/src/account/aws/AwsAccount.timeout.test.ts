import { plan } from '../../plan/plan';
import { parseSpecFiles } from '../../spec/parse';
import { AwsAccount } from './AwsAccount';
import { PAYMENTS_SPEC, StalledEndpoint, useLocalAws } from './__fixtures__/localAws';

/**
 * An endpoint that accepts connections and never answers (what a black-holed proxy or a stalled AWS
 * endpoint looks like): every call ends within the call policy, timeout × attempts, and says which
 * call timed out.
 */
describe('AwsAccount: calls against an endpoint that never answers', () => {
  const policy = { timeoutMs: 300, attempts: 2 };
  // Both attempts, the SDK's backoff between them (at most 200 ms for the second) and some slack.
  const bound = policy.timeoutMs * policy.attempts + 1000;
  let stall: StalledEndpoint;
  let restoreEnv: () => void;

  beforeAll(async () => {
    stall = await new StalledEndpoint().start();
  });

  afterAll(() => stall.stop());

  beforeEach(() => {
    restoreEnv = useLocalAws(stall.url);
  });

  afterEach(() => restoreEnv());

  it('gives up on a call after timeout × attempts, naming the call and its cluster', async () => {
    const account = new AwsAccount({ region: 'eu-west-1', callPolicy: policy });
    const connectionsBefore = stall.connections;
    const started = Date.now();
    const error = await account.describeCluster({ region: 'eu-west-1', name: 'prod-eu' }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    account.destroy();
    expect(error).toMatchObject({
      name: 'TimeoutError',
      message: 'DescribeCluster prod-eu timed out after 300 ms (2 attempts)',
    });
    expect(elapsed).toBeGreaterThanOrEqual(policy.timeoutMs * policy.attempts - 50);
    expect(elapsed).toBeLessThan(bound);
    // Each attempt is its own request: the SDK's retry, not a second loop around it.
    expect(stall.connections - connectionsBefore).toBe(2);
  });

  it('lets a plan fail within the bound, its errors naming the calls that timed out', async () => {
    const parsed = parseSpecFiles([
      {
        path: 'fargate/payments.yaml',
        content: [
          PAYMENTS_SPEC,
          '---',
          'apiVersion: fargatekeeper.dev/v1',
          'kind: FargateProfile',
          'metadata: { name: jobs }',
          'spec:',
          '  cluster: prod-eu',
          '  subnets: [subnet-0b22]',
          '  selectors: [{ namespace: jobs }]',
        ].join('\n'),
      },
    ]);
    expect(parsed.diagnostics).toEqual([]);
    const account = new AwsAccount({ region: 'eu-west-1', callPolicy: policy });
    const started = Date.now();
    const result = await plan(parsed, account, { defaultRegion: 'eu-west-1' });
    const elapsed = Date.now() - started;
    account.destroy();
    expect(elapsed).toBeLessThan(bound);
    const errors = result.diagnostics.filter(d => d.severity === 'error').map(d => d.message);
    // The cluster and its profile list are read side by side: whichever gave up first is named.
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^Cluster `prod-eu` \(eu-west-1\) could not be read: TimeoutError: (DescribeCluster|ListFargateProfiles) prod-eu timed out after 300 ms \(2 attempts\)\.$/,
      ),
    );
    // The default role needs the account id, which STS did not give either.
    expect(errors).toContainEqual(
      expect.stringContaining('TimeoutError: GetCallerIdentity timed out after 300 ms (2 attempts)'),
    );
    expect(result.clusters).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        operations: [],
        blockedReason: expect.stringContaining('timed out'),
      }),
    ]);
  });
});
