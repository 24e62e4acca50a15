// A Kubernetes API stand-in on 127.0.0.1 for tests that go through @kubernetes/client-node: the
// routes fargatekeeper calls, answered with the API's own JSON shapes (lists with `metadata.continue`
// pages, `Status` objects for errors), bearer-token or EKS-token authentication, and a stall mode.
// TLS: tls/ holds a CA and a server certificate for 127.0.0.1 made once with openssl (100 years):
//   openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 36500 -subj "/CN=fargatekeeper test Kubernetes CA" -addext basicConstraints=critical,CA:TRUE
//   openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=kube-apiserver
//   openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -out server.pem -days 36500 -extfile <(echo subjectAltName=IP:127.0.0.1,DNS:localhost)
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { presignCallerIdentity } from '../eksToken';

const tls = (file: string) => readFileSync(join(__dirname, 'tls', file), 'utf8');
/** The stand-in's CA as DescribeCluster gives it (`certificateAuthority.data`: base64 of the PEM). */
export const STAND_IN_CA_DATA = Buffer.from(tls('ca.pem')).toString('base64');

/** Test credentials the EKS-token mode verifies signatures with, as STS would. */
export const STAND_IN_CREDENTIALS = { accessKeyId: 'AKIDKUBESTANDIN', secretAccessKey: 'kube-stand-in-secret' };

/** The environment a process signs EKS tokens in with the stand-in's credentials (the SDK's default chain), and nothing of this machine's. */
export const STAND_IN_AWS_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: STAND_IN_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: STAND_IN_CREDENTIALS.secretAccessKey,
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Runs `body` with this process's environment signing as the stand-in (STAND_IN_AWS_ENV), then puts it back. */
export async function withStandInCredentials<T>(body: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = { ...saved, ...STAND_IN_AWS_ENV };
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  try {
    return await body();
  } finally {
    process.env = saved;
  }
}

type Json = Record<string, unknown>;

export interface PodFixture {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** On Fargate: the profile the Fargate webhook labelled it with (and the Fargate scheduler). */
  profile?: string;
  /** Bound to an EC2 node (a pod of neither stays unscheduled). */
  node?: string;
  /** The controlling owner, `Kind/name` (`ReplicaSet/web-5d8f7c9b4`). */
  controller?: string;
}

let uids = 0;
const uid = () => `00000000-0000-4000-8000-${String(++uids).padStart(12, '0')}`;

/** A pod as the API returns it: Fargate's label, annotations, scheduler and node for a Fargate pod. */
export function podJson(p: PodFixture): Json {
  const fargate = p.profile !== undefined;
  const owner = p.controller?.split('/');
  return {
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: uid(),
      resourceVersion: String(1000 + uids),
      creationTimestamp: '2025-06-01T10:00:00Z',
      labels: { ...(p.labels ?? {}), ...(fargate ? { 'eks.amazonaws.com/fargate-profile': p.profile } : {}) },
      annotations: {
        ...(fargate ? { CapacityProvisioned: '0.25vCPU 0.5GB', Logging: 'LoggingEnabled' } : {}),
        ...(p.annotations ?? {}),
      },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: owner[0] === 'ReplicaSet' ? 'apps/v1' : 'batch/v1',
                kind: owner[0],
                name: owner[1],
                uid: uid(),
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'public.ecr.aws/docker/library/nginx:1.27' }],
      schedulerName: fargate ? 'fargate-scheduler' : 'default-scheduler',
      // Bound once running: a Fargate pod to its own node, any other to an EC2 node (a Pending one is not bound yet).
      ...((p.phase ?? 'Running') !== 'Pending'
        ? {
            nodeName: fargate
              ? `fargate-ip-10-0-1-${uids % 250}.eu-west-1.compute.internal`
              : (p.node ?? 'ip-10-0-2-7.eu-west-1.compute.internal'),
          }
        : {}),
    },
    status: { phase: p.phase ?? 'Running', podIP: `10.0.1.${uids % 250}` },
  };
}

export const nodeJson = (name: string, fargate: boolean): Json => ({
  metadata: {
    name,
    uid: uid(),
    labels: { 'kubernetes.io/hostname': name, ...(fargate ? { 'eks.amazonaws.com/compute-type': 'fargate' } : {}) },
  },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

export const budgetJson = (
  namespace: string,
  name: string,
  matchLabels: Record<string, string>,
  disruptionsAllowed: number,
): Json => ({
  metadata: { name, namespace, uid: uid() },
  spec: { minAvailable: 1, selector: { matchLabels } },
  status: { disruptionsAllowed, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, observedGeneration: 1 },
});

export type StandInAuth = { kind: 'token'; token: string } | { kind: 'eks'; cluster: string; region: string };

export interface KubeStandInOptions {
  /** Default true (HTTPS with the certificate in tls/); `false` for plain HTTP, which client-node refuses without skipping TLS verification. */
  tls?: boolean;
  auth?: StandInAuth;
  /** Items per page when the client asks for no smaller `limit` (to exercise `continue`). */
  pageSize?: number;
}

/** A Kubernetes API server with pods, nodes, PDBs and ConfigMaps in memory. */
export class KubeStandIn {
  url = '';
  pods: Json[] = [];
  nodes: Json[] = [];
  budgets: Json[] = [];
  configMaps = new Set<string>();
  /** Requests as `METHOD path` (query left out), in order. */
  readonly requests: string[] = [];
  readonly deleted: string[] = [];
  /** Answer nothing from now on (connections stay open): a stalled API server. */
  stalled = false;
  /** Answer this status to every request from now on (e.g. 403 for an identity without access). */
  failWith?: number;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private readonly tls: boolean;

  constructor(private readonly options: KubeStandInOptions = {}) {
    this.tls = options.tls ?? true;
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    this.server = this.tls
      ? createHttpsServer({ key: tls('server-key.pem'), cert: tls('server.pem') }, handler)
      : createHttpServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  addPods(...pods: PodFixture[]): this {
    this.pods.push(...pods.map(podJson));
    return this;
  }

  /** A kubeconfig naming this server under `context` (bearer-token auth), written to `file`. */
  writeKubeconfig(file: string, contexts: string[], current?: string): string {
    const token = this.options.auth?.kind === 'token' ? this.options.auth.token : 'none';
    const ca = this.tls ? `\n    certificate-authority-data: ${STAND_IN_CA_DATA}` : '';
    const lines = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      ...contexts.flatMap(c => [`- name: ${c}`, '  cluster:', `    server: ${this.url}${ca}`]),
      'users:',
      '- name: tester',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      ...contexts.flatMap(c => [`- name: ${c}`, '  context:', `    cluster: ${c}`, '    user: tester']),
      ...(current ? [`current-context: ${current}`] : []),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (this.stalled) return;
    if (this.failWith) return this.status(res, this.failWith, 'Forbidden', 'forbidden by the test');
    if (!(await this.authorized(req.headers.authorization)))
      return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/api/v1/pods') return this.list(res, url, 'PodList', 'v1', this.pods);
    if (req.method === 'GET' && path === '/api/v1/nodes') return this.list(res, url, 'NodeList', 'v1', this.nodes);
    if (req.method === 'GET' && path === '/apis/policy/v1/poddisruptionbudgets')
      return this.list(res, url, 'PodDisruptionBudgetList', 'policy/v1', this.budgets);
    const configMap = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && configMap) {
      const [, namespace, name] = configMap;
      if (!this.configMaps.has(`${namespace}/${name}`))
        return this.status(res, 404, 'NotFound', `configmaps "${name}" not found`);
      return this.json(res, 200, {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { name, namespace, uid: uid() },
        data: { 'output.conf': '[OUTPUT]\n    Name cloudwatch_logs\n' },
      });
    }
    const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && pod) {
      const [, namespace, name] = pod;
      const index = this.pods.findIndex(
        p => (p.metadata as Json).namespace === namespace && (p.metadata as Json).name === name,
      );
      if (index < 0) return this.status(res, 404, 'NotFound', `pods "${name}" not found`);
      const [removed] = this.pods.splice(index, 1);
      this.deleted.push(`${namespace}/${name}`);
      return this.json(res, 200, { kind: 'Pod', apiVersion: 'v1', ...removed });
    }
    return this.status(res, 404, 'NotFound', 'the server could not find the requested resource');
  }

  /** A list page: `limit` items from the `continue` offset, the next offset as `metadata.continue`. */
  private list(res: ServerResponse, url: URL, kind: string, apiVersion: string, items: Json[]): void {
    const limit = Math.min(
      Number(url.searchParams.get('limit') ?? Infinity) || Infinity,
      this.options.pageSize ?? Infinity,
    );
    const from = Number(url.searchParams.get('continue') ?? 0);
    const page = items.slice(from, from + limit);
    const more = from + limit < items.length;
    this.json(res, 200, {
      kind,
      apiVersion,
      metadata: { resourceVersion: '4242', ...(more ? { continue: String(from + limit) } : {}) },
      items: page.map(i => ({ ...i })),
    });
  }

  private async authorized(header: string | undefined): Promise<boolean> {
    const auth = this.options.auth;
    if (!auth) return true;
    if (auth.kind === 'token') return header === `Bearer ${auth.token}`;
    // As EKS's authenticator: the token is a presigned STS URL for this cluster, signed by known credentials.
    const match = /^Bearer k8s-aws-v1\.([A-Za-z0-9_-]+)$/.exec(header ?? '');
    if (!match) return false;
    const presigned = Buffer.from(match[1]!, 'base64url').toString('utf8');
    const query = new URL(presigned).searchParams;
    const date = query.get('X-Amz-Date') ?? '';
    const signedAt = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const expected = await presignCallerIdentity({
      cluster: auth.cluster,
      region: auth.region,
      credentials: STAND_IN_CREDENTIALS,
      now: signedAt,
    });
    return presigned === expected;
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    this.json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  }

  private json(res: ServerResponse, code: number, body: Json): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
