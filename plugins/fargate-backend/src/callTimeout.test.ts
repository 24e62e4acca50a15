import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PAYMENTS_SPEC, StalledEndpoint, useLocalAws } from '../../../packages/core/src/account/aws/__fixtures__/localAws';
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
  let stall: StalledEndpoint;
  let restoreEnv: () => void;
  let specs: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    stall = await new StalledEndpoint().start();
    restoreEnv = useLocalAws(stall.url);
    specs = mkdtempSync(join(tmpdir(), 'fk-backend-stall-'));
    writeFileSync(join(specs, 'payments.yaml'), PAYMENTS_SPEC);
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
    await stall.stop();
    rmSync(specs, { recursive: true, force: true });
    restoreEnv();
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
