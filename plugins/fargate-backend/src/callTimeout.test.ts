import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { fargatePlugin } from './plugin';

/**
 * The plugin with its default account factory (AWS through the SDK, bounded by `fargate.calls`)
 * against an endpoint that accepts connections and never answers: routes answer within
 * timeout × attempts, 504, naming the call.
 */
describe('fargate backend routes when AWS stalls', () => {
  const calls = { timeoutMs: 300, attempts: 2 };
  // Both attempts, the SDK's backoff between them, and some slack for the route itself.
  const bound = calls.timeoutMs * calls.attempts + 1500;
  let stall: Server;
  const sockets = new Set<Socket>();
  let specs: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    stall = createServer(socket => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>(resolve => stall.listen(0, '127.0.0.1', resolve));
    process.env = {
      ...saved,
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(stall.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE']) delete process.env[name];
    specs = mkdtempSync(join(tmpdir(), 'fk-backend-stall-'));
    writeFileSync(
      join(specs, 'payments.yaml'),
      [
        'apiVersion: fargatekeeper.dev/v1',
        'kind: FargateProfile',
        'metadata: { name: payments }',
        'spec:',
        '  cluster: prod-eu',
        '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
        '  subnets: [subnet-0a11]',
        '  selectors: [{ namespace: payments }]',
      ].join('\n'),
    );
    backend = await startTestBackend({
      features: [
        fargatePlugin,
        mockServices.rootConfig.factory({
          data: {
            fargate: {
              clusters: [{ name: 'prod-eu', region: 'eu-west-1' }],
              specs: { localFolder: specs },
              calls: { timeout: '300ms', attempts: calls.attempts },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise(resolve => stall.close(resolve));
    rmSync(specs, { recursive: true, force: true });
    process.env = saved;
  });

  it('GET /clusters answers 504 within the bound, naming the call that timed out', async () => {
    const started = Date.now();
    const res = await request(backend.server).get('/api/fargate/clusters');
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
      () => request(backend.server).get('/api/fargate/clusters/prod-eu/profiles'),
      // Not "invalid request": the plan's reads timed out, which the preview says as such.
      () => request(backend.server).post('/api/fargate/plan').send(proposal),
      () => request(backend.server).post('/api/fargate/explain').send({ cluster: 'prod-eu', namespace: 'payments' }),
    ]) {
      const started = Date.now();
      const res = await call();
      expect(res.status).toBe(504);
      expect(res.body.error.message).toBe('DescribeCluster prod-eu timed out after 300 ms (2 attempts)');
      expect(Date.now() - started).toBeLessThan(bound);
    }
  });
});
