/*
 * Two replicas of the Backstage backend with the fargate plugin, each a process of its own, behind a
 * round-robin balancer, sharing Backstage's cache service on a real Redis (Debian's redis-server on
 * 127.0.0.1, in memory only), one GitHub (the stand-in, in this process) and one AWS (alike simulated
 * accounts). Every process is stopped at the end, Redis last.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GithubStandIn } from '../../plugins/fargate-backend/src/__testUtils__/githubStandIn';
import { ROLE_ARN, SPEC_FILES, simState } from '../../plugins/fargate-backend/src/__testUtils__/world';
import { ServerProcess, freePort, waitForHttp } from '../e2e/support/processes';
import { RedisServer } from './support/redisServer';
import type { ReplicaConfig } from './support/replica';
import { RoundRobinProxy } from './support/roundRobinProxy';
import { writeSigningKeys } from './support/signingKeys';

const nodeTransform = require.resolve('@backstage/cli-node/config/nodeTransform.cjs');
const redis = new RedisServer();
let github: GithubStandIn;
let replicas: ServerProcess[] = [];
let proxy: RoundRobinProxy;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fargate-replicas-'));
  await redis.start();
  github = await new GithubStandIn('acme', 'fargate-specs', SPEC_FILES).start();
  const sim = join(dir, 'sim.json');
  writeFileSync(sim, JSON.stringify(simState()));
  const keys = writeSigningKeys(dir);
  const ports = [await freePort(), await freePort()];
  replicas = ports.map((port, i) => {
    const config: ReplicaConfig = {
      port,
      redisUrl: redis.url,
      keys,
      sim: { file: sim },
      integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 'replica-token' }] },
      fargate: {
        clusters: [{ name: 'prod-eu', region: 'eu-west-1' }],
        specs: { url: 'https://github.com/acme/fargate-specs', folder: 'fargate', branch: 'main' },
        cacheTtlSeconds: 600,
        requests: { rateLimit: { max: 4 } },
      },
    };
    return new ServerProcess(`replica ${i}`, process.execPath, ['--require', nodeTransform, 'support/replicaMain.ts'], {
      cwd: resolve(__dirname),
      env: { FARGATE_REPLICA: JSON.stringify(config), NODE_ENV: 'production', LOG_LEVEL: 'warn' },
    });
  });
  await Promise.all(
    replicas.map((replica, i) =>
      waitForHttp(`http://127.0.0.1:${ports[i]}/.backstage/health/v1/readiness`, replica, { timeoutMs: 90_000 }),
    ),
  );
  proxy = await new RoundRobinProxy(ports.map(port => `http://127.0.0.1:${port}`)).start();
  // A guest's token, issued by whichever replica; both verify it with the shared signing key.
  const refresh = await fetch(`${proxy.url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  token = (await refresh.json()).backstageIdentity.token;
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(replicas.map(r => r.stop()));
  await github?.stop();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  replica: string;
  body: any;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${proxy.url}/api/fargate${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, replica: res.headers.get('x-replica') ?? '?', body: await res.json() };
}

const proposal = (name: string) => ({
  cluster: 'prod-eu',
  name,
  selectors: [{ namespace: name, labels: {} }],
  subnets: ['subnet-a'],
  podExecutionRoleArn: ROLE_ARN,
  reason: 'two replicas',
});
/** GitHub listings of open requests (not a request's look for its own pull request) and of the specs. */
const listings = () => github.callsTo('GET', /\/pulls$/).filter(c => c.query.head === undefined).length;
const treeReads = () => github.callsTo('GET', /\/git\/trees\//).length;

it('reads GitHub once for both replicas: what one read, the other takes from Redis', async () => {
  const views = [await call('GET', '/clusters/prod-eu/profiles'), await call('GET', '/clusters/prod-eu/profiles')];
  expect(views.map(v => [v.status, v.replica]).sort()).toEqual([
    [200, '0'],
    [200, '1'],
  ]);
  expect(views[1]!.body.profiles).toEqual(views[0]!.body.profiles);
  expect(treeReads()).toBe(1);

  const lists = [await call('GET', '/requests'), await call('GET', '/requests')];
  expect(lists.map(l => l.body.requests)).toEqual([[], []]);
  expect(listings()).toBe(1);
});

it('shows a request made on one replica as open on the other: the cache is invalidated on both', async () => {
  const made = await call('POST', '/requests', proposal('search-api'));
  expect(made).toMatchObject({ status: 201 });
  const lists = [await call('GET', '/requests'), await call('GET', '/requests')];
  expect(lists.map(l => l.replica).sort()).toEqual(['0', '1']);
  for (const list of lists) {
    expect(list.body.requests).toEqual([
      expect.objectContaining({ number: made.body.pullRequest.number, branch: made.body.branch }),
    ]);
  }
  // One listing after the request, shared by both; the specs are read again too (a new generation).
  expect(listings()).toBe(2);
});

it('answers an identical request on the other replica with the same pull request', async () => {
  const again = await call('POST', '/requests', proposal('search-api'));
  expect(again).toMatchObject({ status: 200, body: { deduplicated: true, pullRequest: { number: 1 } } });
  expect(github.pulls).toHaveLength(1);
});

it('counts the rate limit of a user over both replicas', async () => {
  // Two requests so far; the limit is 4 a minute, wherever they land.
  const answers = [];
  for (const name of ['one-more', 'two-more', 'three-more'])
    answers.push(await call('POST', '/requests', proposal(name)));
  expect(answers.map(a => a.status)).toEqual([201, 201, 429]);
  expect(new Set(answers.map(a => a.replica))).toEqual(new Set(['0', '1']));
  expect(answers[2]!.body.error).toMatchObject({
    name: 'RateLimitedError',
    message: expect.stringContaining('made 4 requests within 60 s'),
  });
});
