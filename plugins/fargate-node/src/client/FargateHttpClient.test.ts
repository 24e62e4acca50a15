import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FargateApiError, FargateHttpClient } from './FargateHttpClient';

/** A fargate backend stand-in that answers as told, recording what it was sent. */
async function standIn(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: { method?: string; url?: string; authorization?: string }[] = [];
  const server: Server = createServer((req, res) => {
    received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    answer(req, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fargate`;
  const discovery = mockServices.discovery.mock({ getBaseUrl: async () => baseUrl });
  return {
    received,
    client: (timeoutMs?: number) =>
      new FargateHttpClient({ discovery, auth: mockServices.auth(), ...(timeoutMs ? { timeoutMs } : {}) }),
    stop: () =>
      new Promise<void>(resolve => {
        // The hanging answer's connection too.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const credentials = mockCredentials.user('user:default/jane');

describe('FargateHttpClient', () => {
  it('calls the fargate plugin with a plugin token on behalf of the caller', async () => {
    const backend = await standIn((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"clusters":[]}'),
    );
    try {
      await expect(backend.client().listClusters({ credentials })).resolves.toEqual([]);
      expect(backend.received).toEqual([
        {
          method: 'GET',
          url: '/api/fargate/clusters',
          authorization: `Bearer ${mockCredentials.service.token({ onBehalfOf: credentials, targetPluginId: 'fargate' })}`,
        },
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('gives up on a backend that does not answer, within its bound, as a 504', async () => {
    const backend = await standIn(() => undefined);
    try {
      const started = Date.now();
      const error = await backend
        .client(300)
        .clusterProfiles('prod-eu', { credentials })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FargateApiError);
      expect(error).toMatchObject({
        statusCode: 504,
        message: 'the fargate backend did not answer GET /api/fargate/clusters/prod-eu/profiles within 0.3 s',
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await backend.stop();
    }
  });

  it('reports an answer that is not Backstage’s error shape by its status', async () => {
    const backend = await standIn((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'),
    );
    try {
      await expect(
        backend.client().previewPlan({ kind: 'delete', cluster: 'prod-eu', name: 'x' }, { credentials }),
      ).rejects.toMatchObject({
        statusCode: 502,
        fields: [],
        message: 'POST /api/fargate/plan failed (502): 502 Bad Gateway',
      });
    } finally {
      await backend.stop();
    }
  });

  it('keeps the bad fields of a 400', async () => {
    const fields = [{ path: 'selectors[0].namespace', message: 'required' }];
    const body = {
      error: { name: 'InputError', message: 'invalid request: selectors[0].namespace: required', fields },
      response: { statusCode: 400 },
    };
    const backend = await standIn((_req, res) =>
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    );
    try {
      await expect(
        backend.client().submitRequest({ kind: 'delete', cluster: 'prod-eu', name: 'x', reason: 'y' }, { credentials }),
      ).rejects.toMatchObject({ statusCode: 400, fields });
    } finally {
      await backend.stop();
    }
  });
});
