import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsAccount } from './AwsAccount';

/**
 * The SDK's own endpoint and credential chains reach the clients: with nothing passed in code,
 * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_EKS` send real signed requests to a local server.
 */
describe('AwsAccount: endpoint and credentials from the environment', () => {
  let server: Server;
  let url: string;
  const requests: { method: string; path: string; authorization: string }[] = [];
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: String(req.headers.authorization ?? ''),
      });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/clusters/prod-eu') {
        res.end(
          JSON.stringify({
            cluster: {
              name: 'prod-eu',
              arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
              status: 'ACTIVE',
              resourcesVpcConfig: { vpcId: 'vpc-local', subnetIds: ['subnet-a'] },
            },
          }),
        );
      } else {
        res.statusCode = 404;
        res.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
        res.end(JSON.stringify({ message: 'No cluster found for name: other.' }));
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    requests.length = 0;
    process.env = {
      ...saved,
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local-secret',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_EKS;
  });

  afterEach(() => {
    process.env = saved;
  });

  it('sends EKS calls to AWS_ENDPOINT_URL, signed with the environment credentials', async () => {
    process.env.AWS_ENDPOINT_URL = url;
    const account = new AwsAccount({ region: 'eu-west-1' });
    await expect(account.describeCluster({ region: 'eu-west-1', name: 'prod-eu' })).resolves.toMatchObject({
      status: 'ACTIVE',
      vpcId: 'vpc-local',
    });
    await expect(account.describeCluster({ region: 'eu-west-1', name: 'other' })).resolves.toBeUndefined();
    expect(requests.map(r => `${r.method} ${r.path}`)).toEqual(['GET /clusters/prod-eu', 'GET /clusters/other']);
    expect(requests[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/eu-west-1\/eks\/aws4_request/,
    );
    account.destroy();
  });

  it('prefers the service-specific AWS_ENDPOINT_URL_EKS', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ENDPOINT_URL_EKS = url;
    const account = new AwsAccount({ region: 'eu-west-1' });
    await expect(account.describeCluster({ region: 'eu-west-1', name: 'prod-eu' })).resolves.toMatchObject({
      name: 'prod-eu',
    });
    expect(requests).toHaveLength(1);
    account.destroy();
  });
});
