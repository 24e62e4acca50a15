import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { plan } from '../../plan/plan';
import { parseSpecFiles } from '../../spec/parse';
import { AwsAccount } from './AwsAccount';
import { listenOnLoopback, useLocalAws } from './__fixtures__/localAws';

const CLUSTERS = ['prod-a', 'prod-b', 'prod-c'];

/**
 * An AWS stand-in that answers as moto 5.2.1 does for Service Quotas: GetServiceQuota says
 * NoSuchResourceException (400), GetAWSDefaultServiceQuota fails with a 500 page. EKS knows three
 * empty clusters; IAM and EC2 refuse (their checks become infos). Requests are counted per operation.
 */
function standIn(calls: Map<string, number>) {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '?';
      const target = String(req.headers['x-amz-target'] ?? '').split('.')[1];
      const operation = target ?? /Action=(\w+)/.exec(body)?.[1] ?? `${req.method} ${req.url}`;
      calls.set(`${service}:${operation}`, (calls.get(`${service}:${operation}`) ?? 0) + 1);
      if (service === 'servicequotas') {
        if (operation === 'GetServiceQuota') {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(
            JSON.stringify({
              __type: 'NoSuchResourceException',
              message: 'This service is not available in the current Region.',
            }),
          );
        } else {
          res.writeHead(500, { 'content-type': 'text/html' });
          res.end('<!doctype html><title>500 Internal Server Error</title>');
        }
        return;
      }
      if (service === 'eks') {
        const cluster = /^\/clusters\/([^/?]+)(\/fargate-profiles)?/.exec(req.url ?? '');
        res.setHeader('content-type', 'application/json');
        if (cluster?.[2]) {
          res.end(JSON.stringify({ fargateProfileNames: [] }));
        } else {
          const name = cluster?.[1] ?? '';
          res.end(
            JSON.stringify({
              cluster: {
                name,
                arn: `arn:aws:eks:eu-west-1:123456789012:cluster/${name}`,
                status: 'ACTIVE',
                resourcesVpcConfig: { vpcId: 'vpc-1', subnetIds: [] },
              },
            }),
          );
        }
        return;
      }
      res.writeHead(403, { 'content-type': 'text/xml' });
      res.end(
        service === 'ec2'
          ? '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>denied</Message></Error></Errors><RequestID>1</RequestID></Response>'
          : '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>1</RequestId></ErrorResponse>',
      );
    });
  });
}

describe('AwsAccount: a Service Quotas endpoint that answers 5xx', () => {
  const calls = new Map<string, number>();
  let server: Server;
  let restoreEnv: () => void;

  beforeAll(async () => {
    server = standIn(calls);
    restoreEnv = useLocalAws(await listenOnLoopback(server));
  });

  afterAll(async () => {
    restoreEnv();
    await new Promise(resolve => server.close(resolve));
  });

  it('is asked at most twice in a plan of several clusters of one region, which says it assumed the default', async () => {
    const spec = (cluster: string) =>
      [
        'apiVersion: fargatekeeper.dev/v1',
        'kind: FargateProfile',
        `metadata: { name: jobs-${cluster} }`,
        'spec:',
        `  cluster: ${cluster}`,
        '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
        '  subnets: [subnet-0a11]',
        '  selectors: [{ namespace: jobs }]',
      ].join('\n');
    const parsed = parseSpecFiles(CLUSTERS.map(c => ({ path: `fargate/${c}.yaml`, content: spec(c) })));
    const account = new AwsAccount({ region: 'eu-west-1' });
    const started = Date.now();
    const result = await plan(parsed, account, { defaultRegion: 'eu-west-1' });
    const elapsed = Date.now() - started;
    account.destroy();

    const quotaCalls = [...calls].filter(([k]) => k.startsWith('servicequotas:'));
    expect(Object.fromEntries(quotaCalls)).toEqual({
      'servicequotas:GetServiceQuota': 1,
      'servicequotas:GetAWSDefaultServiceQuota': 1,
    });
    // Every cluster was planned against the stand-in.
    expect(calls.get(`eks:GET /clusters/prod-b`)).toBe(1);
    expect(result.clusters.map(c => [c.cluster, c.operations.map(o => o.op)])).toEqual(
      CLUSTERS.map(c => [c, ['create']]),
    );
    const fallbacks = result.diagnostics.filter(d => /quota of region/.test(d.message));
    expect(fallbacks).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'live.check-skipped',
        message:
          'the Fargate profile quota of region `eu-west-1` could not be read (InternalFailure: GetAWSDefaultServiceQuota eu-west-1 answered HTTP 500 with a body that is not an AWS answer); assuming the EKS default of 10 profiles per cluster',
        source: expect.objectContaining({ file: 'fargate/prod-a.yaml' }),
      }),
    ]);
    // No retry storm: no backoff was waited for.
    expect(elapsed).toBeLessThan(3000);
  });
});
