// The Backstage backend under load: GET /api/fargate/clusters/:cluster/profiles for 20 clusters × 10
// profiles, from a warm cache. First one backend in this process (real auth with a guest user token,
// Backstage's memory cache service, the simulated account with 20 ms per AWS call); then the portal as
// production runs it: two replicas in processes of their own (this bundle started with `replica`)
// sharing the cache service on Redis (Debian's redis-server on 127.0.0.1), behind a round-robin
// balancer in this process. The load comes from another process running autocannon (this bundle
// started with `load`), on loopback only. Prints cold and warm figures, p50/p95/p99 latency and
// requests per second; exits non-zero when p95 misses the goal, any answer is not 200, or the warm run
// needed a single AWS call.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimState } from '@fargatekeeper/core';
import { freePort } from '../test/e2e/support/processes';
import { RedisServer } from '../test/replicas/support/redisServer';
import type { ReplicaConfig } from '../test/replicas/support/replica';
import { RoundRobinProxy } from '../test/replicas/support/roundRobinProxy';
import { writeSigningKeys } from '../test/replicas/support/signingKeys';
import {
  ACCOUNT,
  activeCluster,
  clusterName,
  clusterSubnets,
  clusterVpc,
  emptyState,
  pad,
  podsRole,
  REGION,
} from './support/simAccount';

// bench/run.mjs resolves installed packages with `import` conditions, which gives Backstage's
// `dist/*.esm.js` builds: ESM only in name (they import lodash's named exports, which Node cannot see
// in CommonJS). Load their CommonJS twins instead; everything else below is imported after this hook.
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (resolved.url.startsWith('file:') && resolved.url.endsWith('.esm.js')) {
      const twin = resolved.url.replace(/\.esm\.js$/, '.cjs.js');
      if (existsSync(fileURLToPath(twin))) return { ...resolved, url: twin, format: 'commonjs' };
    }
    return resolved;
  },
});

// @fargatekeeper/core, and the spec helpers that run its code, load after the hook (./support/simAccount
// above takes only its types).
const modules = async () => ({ ...(await import('@fargatekeeper/core')), ...(await import('./support/specs')) });
type Modules = Awaited<ReturnType<typeof modules>>;

const CLUSTERS = 20;
const PROFILES = 10;
const LATENCY_MS = 20;
/** Concurrent connections of the load (`BENCH_CONNECTIONS` to try another level). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const DURATION_S = 10;
const GOAL_P95_MS = 20;

// ---- load mode: the second process -------------------------------------------------------------

interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  durationS: number;
  latenciesMs: { p50: number; p95: number; p99: number; max: number };
  rps: number;
}

async function load(base: string, token: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon');
  const times: number[] = [];
  let index = 0;
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req: { path: string }) => ({
          ...req,
          path: `/api/fargate/clusters/${clusterName(index++ % CLUSTERS)}/profiles`,
        }),
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    times.push(responseTime),
  );
  const result = await instance;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  const output: LoadResult = {
    requests: times.length,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    durationS: result.duration,
    latenciesMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1] ?? NaN },
    rps: times.length / result.duration,
  };
  process.stdout.write(JSON.stringify(output));
}

// ---- bench mode: the backend -------------------------------------------------------------------

/** Spec files for every cluster and an account where they are applied (one profile per cluster drifted by hand). */
function world({ parseSpecFiles, desiredTagsFor, appliedProfile }: Modules): {
  files: Record<string, string>;
  state: SimState;
} {
  const files: Record<string, string> = {};
  const state = emptyState(ACCOUNT);
  for (let c = 0; c < CLUSTERS; c++) {
    const cluster = clusterName(c);
    state.vpcs.push(clusterVpc(c));
    state.roles.push(podsRole(`pods-${pad(c)}`));
    const path = `${cluster}/apps.yaml`;
    files[path] = Array.from(
      { length: PROFILES },
      (_, p) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: app-${p}
spec:
  cluster: ${cluster}
  podExecutionRoleArn: arn:aws:iam::${ACCOUNT}:role/pods-${pad(c)}
  subnets: [${clusterSubnets(c).join(', ')}]
  selectors:
    - namespace: app-${p}
      labels: { compute: fargate }
  tags: { team: team-${p} }
`,
    ).join('---\n');
    const { specs, diagnostics } = parseSpecFiles([{ path, content: files[path]! }]);
    if (diagnostics.length) throw new Error(`bench specs do not parse: ${diagnostics[0]!.message}`);
    const profiles = specs.map((spec, p) =>
      p === 0 ? appliedProfile(spec, { ...desiredTagsFor(spec), team: 'changed-by-hand' }) : appliedProfile(spec),
    );
    state.clusters.push(activeCluster(cluster, c, profiles));
  }
  return { files, state };
}

const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A backend (or a pair behind a balancer) to measure: where it listens and how many AWS calls it made so far. */
interface Target {
  label: string;
  base: string;
  awsCalls: () => Promise<number>;
}

/** Cold, warm sequential and warm under load from a second process; the failures against the goals. */
async function measure(target: Target): Promise<string[]> {
  const refresh = await fetch(`${target.base}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const token: string = (await refresh.json()).backstageIdentity.token;
  const get = async (cluster: string) => {
    const res = await fetch(`${target.base}/api/fargate/clusters/${cluster}/profiles`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`GET ${cluster}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { profiles: { drift: string }[] };
  };

  // Cold: every cluster once, one after another (each pays its AWS reads at 20 ms per call).
  let started = performance.now();
  for (let c = 0; c < CLUSTERS; c++) {
    const body = await get(clusterName(c));
    if (body.profiles.length !== PROFILES || body.profiles.filter(p => p.drift === 'drifted').length !== 1) {
      throw new Error(`${clusterName(c)}: unexpected answer ${JSON.stringify(body.profiles.map(p => p.drift))}`);
    }
  }
  const coldTotal = performance.now() - started;
  const coldCalls = await target.awsCalls();

  // Warm, sequential: the per-request cost without queueing.
  started = performance.now();
  for (let c = 0; c < CLUSTERS; c++) await get(clusterName(c));
  const warmSequentialMs = (performance.now() - started) / CLUSTERS;

  // Warm, under load from a second process.
  const child = spawn(process.execPath, [__filename, 'load', target.base, token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', chunk => (out += chunk));
  const code = await new Promise<number | null>(resolve => child.on('close', resolve));
  if (code !== 0) throw new Error(`the load process exited with ${code}`);
  const result = JSON.parse(out) as LoadResult;
  const warmCalls = (await target.awsCalls()) - coldCalls;

  console.log(
    `${target.label}: cold (cache empty, sequential) ${ms(coldTotal)} for ${CLUSTERS} clusters, ${ms(coldTotal / CLUSTERS)} per cluster, ${coldCalls} AWS calls`,
  );
  console.log(`${target.label}: warm sequential ${ms(warmSequentialMs)} per request`);
  console.log(
    `${target.label}: warm under load (autocannon in a second process, ${CONNECTIONS} connections, ${result.durationS.toFixed(1)} s): ` +
      `${result.requests} requests, ${result.rps.toFixed(0)} req/s, latency p50 ${ms(result.latenciesMs.p50)}, ` +
      `p95 ${ms(result.latenciesMs.p95)}, p99 ${ms(result.latenciesMs.p99)}, max ${ms(result.latenciesMs.max)}; ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}, AWS calls during the warm runs ${warmCalls}`,
  );
  return [
    ...(result.latenciesMs.p95 > GOAL_P95_MS
      ? [`${target.label}: p95 ${ms(result.latenciesMs.p95)} > goal ${GOAL_P95_MS} ms`]
      : []),
    ...(result.non2xx || result.errors ? [`${target.label}: some answers were not 200`] : []),
    ...(warmCalls > 0 ? [`${target.label}: ${warmCalls} AWS calls from a warm cache`] : []),
  ];
}

/** The `fargate` config of the bench: its clusters, the specs in `dir`. */
const fargateConfig = (dir: string) => ({
  clusters: Array.from({ length: CLUSTERS }, (_, c) => ({ name: clusterName(c), region: REGION })),
  specs: { localFolder: dir },
  cacheTtlSeconds: 600,
});

/** One backend in this process: Backstage's memory cache service. */
async function single(dir: string, simFile: string, state: SimState): Promise<string[]> {
  const { startReplica } = await import('../test/replicas/support/replica');
  const port = await freePort();
  const { backend, sim } = await startReplica(
    { port, sim: { file: simFile, latencyMs: LATENCY_MS }, fargate: fargateConfig(dir) },
    state,
  );
  try {
    return await measure({
      label: 'one backend, memory cache',
      base: `http://127.0.0.1:${port}`,
      awsCalls: async () => totalCalls(sim.calls),
    });
  } finally {
    await backend.stop();
  }
}

/** A replica process (this bundle started with `replica`), which answers `calls` with its AWS call count. */
class ReplicaProcess {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;

  constructor(config: ReplicaConfig) {
    this.child = spawn(process.execPath, [__filename, 'replica'], {
      env: { ...process.env, FARGATE_REPLICA: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', message => (message === 'ready' ? resolve() : reject(new Error(String(message)))));
      this.child.once('exit', code => reject(new Error(`a replica exited with ${code} before it was ready`)));
    });
  }

  calls(): Promise<number> {
    return new Promise(resolve => {
      this.child.once('message', message => resolve(Number(message)));
      this.child.send('calls');
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    return exited;
  }
}

async function replica(): Promise<void> {
  // Imported here, after the hook above (it loads Backstage's packages).
  const { startReplica } = await import('../test/replicas/support/replica');
  const config = JSON.parse(process.env.FARGATE_REPLICA ?? '') as ReplicaConfig;
  const { sim } = await startReplica(config, JSON.parse(await readFile(config.sim.file, 'utf8')));
  process.on('message', message => {
    if (message === 'calls') process.send!(totalCalls(sim.calls));
  });
  process.send!('ready');
}

/** Two replicas in processes of their own behind a round-robin balancer (in this process), sharing the cache on Redis. */
async function pair(dir: string, simFile: string): Promise<string[]> {
  const redis = await new RedisServer().start();
  const keys = writeSigningKeys(dir);
  const ports = [await freePort(), await freePort()];
  const replicas = ports.map(
    port =>
      new ReplicaProcess({
        port,
        redisUrl: redis.url,
        keys,
        sim: { file: simFile, latencyMs: LATENCY_MS },
        fargate: fargateConfig(join(dir, 'specs')),
      }),
  );
  let proxy: RoundRobinProxy | undefined;
  try {
    await Promise.all(replicas.map(r => r.ready));
    proxy = await new RoundRobinProxy(ports.map(port => `http://127.0.0.1:${port}`)).start();
    const awsCalls = async () => (await Promise.all(replicas.map(r => r.calls()))).reduce((a, b) => a + b, 0);
    return await measure({ label: 'two replicas on Redis, round-robin', base: proxy.url, awsCalls });
  } finally {
    await proxy?.stop();
    await Promise.all(replicas.map(r => r.stop()));
    await redis.stop();
  }
}

const hasRedis = () => spawnSync('redis-server', ['--version']).status === 0;

async function bench(): Promise<number> {
  process.env.LOG_LEVEL ??= 'warn';
  const m = await modules();
  const { files, state } = world(m);
  const dir = await mkdtemp(join(tmpdir(), 'fargatekeeper-backend-bench-'));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, 'specs', path, '..'), { recursive: true });
    await writeFile(join(dir, 'specs', path), content);
  }
  const simFile = join(dir, 'sim.json');
  await writeFile(simFile, JSON.stringify(state));
  try {
    console.log(
      `backend: ${CLUSTERS} clusters × ${PROFILES} profiles, simulated AWS at ${LATENCY_MS} ms per call, node ${process.version}`,
    );
    const failures = await single(join(dir, 'specs'), simFile, state);
    if (hasRedis()) failures.push(...(await pair(dir, simFile)));
    else console.log('two replicas on Redis: skipped, no redis-server on PATH (apt-get install redis-server)');
    console.log(
      failures.length ? `FAIL: ${failures.join('; ')}` : `OK: p95 ≤ ${GOAL_P95_MS} ms from a warm cache, no AWS call`,
    );
    return failures.length ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'load') {
  load(process.argv[3]!, process.argv[4]!).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[2] === 'replica') {
  replica().catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  bench().then(
    code => process.exit(code),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
