import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { plan } from '../../plan/plan';
import { parseSpecFiles } from '../../spec/parse';
import { AwsAccount } from './AwsAccount';

/**
 * An endpoint that accepts connections and never answers (what a black-holed proxy or a stalled AWS
 * endpoint looks like): every call ends within the call policy, timeout × attempts, and says which
 * call timed out.
 */
describe('AwsAccount: calls against an endpoint that never answers', () => {
  const policy = { timeoutMs: 300, attempts: 2 };
  // Both attempts, the SDK's backoff between them (at most 200 ms for the second) and some slack.
  const bound = policy.timeoutMs * policy.attempts + 1000;
  let server: Server;
  const sockets = new Set<Socket>();
  let connections = 0;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer(socket => {
      connections++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    connections = 0;
    process.env = {
      ...saved,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE']) delete process.env[name];
  });

  afterEach(() => {
    process.env = saved;
  });

  it('gives up on a call after timeout × attempts, naming the call and its cluster', async () => {
    const account = new AwsAccount({ region: 'eu-west-1', callPolicy: policy });
    const started = Date.now();
    const error = await account.describeCluster({ region: 'eu-west-1', name: 'prod-eu' }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    account.destroy();
    expect(error).toMatchObject({ name: 'TimeoutError', message: 'DescribeCluster prod-eu timed out after 300 ms (2 attempts)' });
    expect(elapsed).toBeGreaterThanOrEqual(policy.timeoutMs * policy.attempts - 50);
    expect(elapsed).toBeLessThan(bound);
    // Each attempt is its own request: the SDK's retry, not a second loop around it.
    expect(connections).toBe(2);
  });

  it('lets a plan fail within the bound, its errors naming the calls that timed out', async () => {
    const parsed = parseSpecFiles([
      {
        path: 'fargate/payments.yaml',
        content: [
          'apiVersion: fargatekeeper.dev/v1',
          'kind: FargateProfile',
          'metadata: { name: payments }',
          'spec:',
          '  cluster: prod-eu',
          '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
          '  subnets: [subnet-0a11]',
          '  selectors: [{ namespace: payments }]',
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
    expect(errors).toContainEqual(expect.stringContaining('TimeoutError: GetCallerIdentity timed out after 300 ms (2 attempts)'));
    expect(result.clusters).toEqual([expect.objectContaining({ cluster: 'prod-eu', operations: [], blockedReason: expect.stringContaining('timed out') })]);
  });
});
