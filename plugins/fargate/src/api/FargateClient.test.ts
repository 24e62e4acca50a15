import { ResponseError } from '@backstage/errors';
import { FargateClient } from './FargateClient';

function clientAnswering(status: number, body: unknown) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
  const client = new FargateClient({
    discoveryApi: { getBaseUrl: async (id: string) => `http://127.0.0.1:7007/api/${id}` },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('FargateClient', () => {
  it('reads the clusters from the fargate backend', async () => {
    const { client, fetch } = clientAnswering(200, {
      clusters: [{ name: 'prod-eu', region: 'eu-west-1', subnets: [] }],
    });
    await expect(client.getClusters()).resolves.toEqual([{ name: 'prod-eu', region: 'eu-west-1', subnets: [] }]);
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:7007/api/fargate/clusters', { method: 'GET' });
  });

  it('escapes the cluster name in the path', async () => {
    const { client, fetch } = clientAnswering(200, {});
    await client.getClusterProfiles('a/b?c');
    expect(fetch.mock.calls[0][0]).toBe('http://127.0.0.1:7007/api/fargate/clusters/a%2Fb%3Fc/profiles');
  });

  it('posts JSON for requests', async () => {
    const { client, fetch } = clientAnswering(201, { pullRequest: { number: 1, url: 'u' }, branch: 'b', file: 'f' });
    const request = {
      kind: 'create' as const,
      cluster: 'prod-eu',
      name: 'x',
      selectors: [{ namespace: 'x', labels: {} }],
      subnets: ['subnet-1'],
      reason: 'r',
    };
    await client.submitRequest(request);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:7007/api/fargate/requests');
    expect(init).toMatchObject({ method: 'POST', headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(init!.body as string)).toEqual(request);
  });

  it('turns an error answer into a ResponseError that keeps the body', async () => {
    const body = {
      error: { name: 'InputError', message: 'bad', fields: [{ path: 'name', message: 'too long' }] },
      response: { statusCode: 400 },
    };
    const { client } = clientAnswering(400, body);
    const error = await client.explainPod({ cluster: 'prod-eu', namespace: 'x' }).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.fields).toEqual([{ path: 'name', message: 'too long' }]);
  });
});
