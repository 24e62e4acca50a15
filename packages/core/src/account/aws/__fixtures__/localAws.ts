// AWS stand-ins on 127.0.0.1 for tests that go through the real SDK path (AwsAccount, the CLI's
// process, the backend's default account factory): where they listen, and the environment that
// sends the SDK there and nowhere else.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** One profile, `payments` on cluster `prod-eu`, its role and subnet given: a plan of it starts by reading the cluster. */
export const PAYMENTS_SPEC = [
  'apiVersion: fargatekeeper.dev/v1',
  'kind: FargateProfile',
  'metadata: { name: payments }',
  'spec:',
  '  cluster: prod-eu',
  '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
  '  subnets: [subnet-0a11]',
  '  selectors: [{ namespace: payments }]',
].join('\n');

/** Listens on a free port of 127.0.0.1 (an `http` server is a `net` server too); the URL to reach it at. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The environment of a process whose SDK talks to `endpoint` only: local credentials, and neither
 * this machine's AWS files nor instance metadata.
 */
export function localAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Variables of the shell running the tests that would change the SDK's credentials or retries. */
const AMBIENT = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE'];

/** Points this process's SDK clients at `endpoint` (`localAwsEnv`, the ambient variables gone); returns what puts the environment back. */
export function useLocalAws(endpoint: string): () => void {
  const saved = process.env;
  process.env = { ...saved, ...localAwsEnv(endpoint) };
  for (const name of AMBIENT) delete process.env[name];
  return () => {
    process.env = saved;
  };
}

/** An endpoint that accepts connections and never answers: what a black-holed proxy or a stalled AWS endpoint looks like. */
export class StalledEndpoint {
  url = '';
  /** Connections accepted so far: each attempt of an SDK call opens its own. */
  connections = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer(socket => {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  });

  async start(): Promise<this> {
    this.url = await listenOnLoopback(this.server);
    return this;
  }

  /** Drops the connections still held open, then closes. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise(resolve => this.server.close(resolve));
  }
}
