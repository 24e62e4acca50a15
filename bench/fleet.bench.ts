// Plan of a fleet: 20 accounts × 10 clusters × 10 profiles, each account reached through an assumed
// role (Cluster documents), on the simulated account at 20 ms per API call on the real clock. Prints
// wall time, the lower bound the dependencies and the concurrency bounds allow, their ratio, the API
// calls per kind, and the peak heap the plan holds; the same at 10 and 40 accounts, to show that heap
// grows linearly; and the 20 accounts once more with the total bound raised. Exits non-zero when the
// ratio goal, the call counts or linearity are missed.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  DEFAULT_PLAN_CONCURRENCY,
  DEFAULT_TOTAL_CONCURRENCY,
  Fleet,
  plan,
  SimulatedAccount,
  systemClock,
  type Account,
  type AssumeRoleTarget,
  type ClusterSpec,
  type ProfileSpec,
  type SimAccountState,
  type SimState,
} from '@fargatekeeper/core';
import { maxInFlight } from './support/inFlight';
import { emptyState, pad, podsRole, REGION } from './support/simAccount';
import { driftedCluster, PROFILES } from './support/specs';

const ACCOUNTS = 20;
const CLUSTERS = 10;
const LATENCY_MS = 20;
const GOAL_RATIO = 1.3;
const BASE = '100000000000';
const CI_ROLE = `arn:aws:iam::${BASE}:role/ci`;
const accountId = (a: number) => String(200000000000 + a);

interface Fixture {
  state: SimState;
  specs: ProfileSpec[];
  clusters: ClusterSpec[];
}

/** Per account: 10 clusters in their own VPCs, a pods role, and the role fargatekeeper assumes (it trusts the CI role). */
function fixture(accounts: number): Fixture {
  const specs: ProfileSpec[] = [];
  const clusters: ClusterSpec[] = [];
  const others: SimAccountState[] = [];
  for (let a = 0; a < accounts; a++) {
    const id = accountId(a);
    const account: SimAccountState = {
      accountId: id,
      clusters: [],
      vpcs: [],
      roles: [
        podsRole('pods'),
        {
          name: 'fargatekeeper',
          assumeRolePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: CI_ROLE },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': `fleet-${id}` } },
              },
            ],
          },
          tags: {},
          attachedPolicyArns: [],
        },
      ],
    };
    const role: AssumeRoleTarget = {
      roleArn: `arn:aws:iam::${id}:role/fargatekeeper`,
      externalId: `fleet-${id}`,
      sessionName: 'fargatekeeper',
    };
    for (let c = 0; c < CLUSTERS; c++) {
      const cluster = `a${pad(a)}-cluster-${pad(c)}`;
      const drifted = driftedCluster(cluster, c, `arn:aws:iam::${id}:role/pods`, REGION);
      account.vpcs.push(drifted.vpc);
      clusters.push({
        name: cluster,
        region: REGION,
        accountId: id,
        role,
        source: {
          file: 'fargate/clusters.yaml',
          line: 1 + clusters.length * 9,
          column: 1,
          document: clusters.length,
          fields: {},
        },
      });
      specs.push(...drifted.specs);
      account.clusters.push(drifted.cluster);
    }
    others.push(account);
  }
  const state: SimState = { ...emptyState(BASE), principalArn: CI_ROLE, accounts: others };
  return { state, specs, clusters };
}

interface CallRecord {
  account: string;
  method: string;
  start: number;
  end: number;
}

/** The simulated base account, its assumed accounts recording every call that reaches them (below plan's bounds). */
function recordingFleet(sim: SimulatedAccount, clusters: ClusterSpec[], log: CallRecord[]): Fleet {
  const record = (account: Account, id: string): Account =>
    new Proxy(account, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'assumedRole')
          return (role: AssumeRoleTarget) => record(value.call(target, role) as Account, role.roleArn.split(':')[4]!);
        return async (...args: unknown[]) => {
          const start = performance.now();
          try {
            return await value.apply(target, args);
          } finally {
            log.push({ account: id, method: String(property), start, end: performance.now() });
          }
        };
      },
    });
  return new Fleet(record(sim, BASE), clusters);
}

/** Calls that need another call's answer first (besides the role's credentials): a profile's describe needs the list, route tables need the VPC id. */
const DEPENDENT = new Set(['describeFargateProfile', 'describeRouteTables']);
/** AssumeRole, then the longest data chain of a cluster (list → describe; cluster → route tables). */
const LONGEST_CHAIN = 1 + 2;

/** Heap in use now, after a full collection (the bench enables `gc` for itself). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapNow = () => {
  gc();
  return getHeapStatistics().used_heap_size;
};

async function run(accounts: number, totalConcurrency = DEFAULT_TOTAL_CONCURRENCY) {
  const { state, specs, clusters } = fixture(accounts);
  const sim = SimulatedAccount.fromJSON(state, { clock: systemClock, latencyMs: LATENCY_MS });
  const log: CallRecord[] = [];
  const fleet = recordingFleet(sim, clusters, log);
  const started = performance.now();
  const result = await plan({ specs }, fleet, { defaultRegion: REGION, totalConcurrency });
  const wallMs = performance.now() - started;

  // Lower bound: a role's credentials come first (one round), then every call needs a slot of its
  // account's bound and of the plan's total bound, the first round after the credentials holds no
  // dependent call, and no chain is shorter than its length.
  const perAccount = new Map<string, { total: number; dependent: number }>();
  for (const c of log) {
    const a = perAccount.get(c.account) ?? { total: 0, dependent: 0 };
    a.total++;
    if (DEPENDENT.has(c.method)) a.dependent++;
    perAccount.set(c.account, a);
  }
  const accountRounds = Math.max(
    ...[...perAccount.values()].map(a =>
      Math.max(Math.ceil(a.total / DEFAULT_PLAN_CONCURRENCY), 1 + Math.ceil(a.dependent / DEFAULT_PLAN_CONCURRENCY)),
    ),
  );
  const totalRounds = Math.ceil(log.length / totalConcurrency);
  const rounds = Math.max(LONGEST_CHAIN, 1 + accountRounds, 1 + totalRounds);
  const busyMs = log.reduce((sum, c) => sum + c.end - c.start, 0);
  return {
    accounts,
    result,
    sim,
    wallMs,
    rounds,
    lowerBoundMs: rounds * LATENCY_MS,
    calls: log.length,
    maxInFlight: maxInFlight(log),
    /** How long a call took on average (20 ms plus the wait for a CPU), and how many were in flight on average. */
    meanCallMs: busyMs / log.length,
    meanInFlight: busyMs / wallMs,
    profiles: accounts * CLUSTERS * PROFILES,
  };
}

/**
 * The most heap a plan holds at once: live objects after a full collection, every 10 ms while it
 * runs, above what the fixture and the simulated account held before it started (a run of its own:
 * the collections slow it down).
 */
async function peakHeap(accounts: number): Promise<number> {
  const { state, specs, clusters } = fixture(accounts);
  const sim = SimulatedAccount.fromJSON(state, { clock: systemClock, latencyMs: LATENCY_MS });
  const fleet = new Fleet(sim, clusters);
  const baseline = heapNow();
  let peak = baseline;
  let done = false;
  const planned = plan({ specs }, fleet, { defaultRegion: REGION }).finally(() => (done = true));
  while (!done) {
    await new Promise(resolve => setTimeout(resolve, 10));
    peak = Math.max(peak, heapNow());
  }
  const result = await planned;
  peak = Math.max(peak, heapNow());
  if (result.clusters.length !== accounts * CLUSTERS) throw new Error('the memory run planned other clusters');
  return (peak - baseline) / 2 ** 20;
}

type Run = Awaited<ReturnType<typeof run>>;
const RUNS = 3;
const median = (runs: Run[]) => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;

async function main() {
  await run(ACCOUNTS); // warm-up (JIT)
  const failures: string[] = [];
  console.log(
    `plan of ${ACCOUNTS} accounts × ${CLUSTERS} clusters × ${PROFILES} profiles through assumed roles, ${LATENCY_MS} ms per API call (real clock), ` +
      `bounds ${DEFAULT_PLAN_CONCURRENCY} calls per account and ${DEFAULT_TOTAL_CONCURRENCY} in all, ${RUNS} runs each\n`,
  );
  console.log(
    'accounts | total bound | profiles | wall ms (runs)     | median | lower bound ms (rounds) | ratio | calls | max in flight | peak heap MiB | KiB / profile',
  );
  const measured = new Map<number, Run & { heapMiB: number }>();
  for (const [accounts, total] of [
    [10, DEFAULT_TOTAL_CONCURRENCY],
    [ACCOUNTS, DEFAULT_TOTAL_CONCURRENCY],
    [40, DEFAULT_TOTAL_CONCURRENCY],
    [ACCOUNTS, 256],
  ] as const) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(accounts, total));
    const m = median(runs);
    const heapMiB = total === DEFAULT_TOTAL_CONCURRENCY ? await peakHeap(accounts) : NaN;
    if (total === DEFAULT_TOTAL_CONCURRENCY) measured.set(accounts, { ...m, heapMiB });
    const ratio = m.wallMs / m.lowerBoundMs;
    console.log(
      `${String(accounts).padStart(8)} | ${String(total).padStart(11)} | ${String(m.profiles).padStart(8)} | ${runs
        .map(r => r.wallMs.toFixed(0))
        .join(' / ')
        .padEnd(18)} | ${m.wallMs.toFixed(0).padStart(6)} | ` +
        `${`${m.lowerBoundMs} (${m.rounds})`.padStart(23)} | ${ratio.toFixed(2).padStart(5)} | ${String(m.calls).padStart(5)} | ${String(Math.max(...runs.map(r => r.maxInFlight))).padStart(13)} | ` +
        `${(Number.isNaN(heapMiB) ? '' : heapMiB.toFixed(1)).padStart(13)} | ${Number.isNaN(heapMiB) ? '' : ((heapMiB * 1024) / m.profiles).toFixed(1)}`,
    );
    if (accounts === ACCOUNTS && total === DEFAULT_TOTAL_CONCURRENCY && ratio > GOAL_RATIO)
      failures.push(`median ratio ${ratio.toFixed(2)} > ${GOAL_RATIO} at ${accounts} accounts`);
    for (const r of runs) if (r.maxInFlight > total) failures.push(`${r.maxInFlight} calls in flight (bound ${total})`);
  }

  const { sim, result } = measured.get(ACCOUNTS)!;
  console.log(`\nAPI calls per kind (${ACCOUNTS} accounts):`);
  for (const [api, n] of Object.entries(sim.calls).sort()) console.log(`  ${api.padEnd(24)} ${n}`);
  console.log(
    `\n${result.summary.replace} replace, ${result.summary.retag} retag, ${result.summary['no-op']} no-op; ${result.diagnostics.length} diagnostics`,
  );

  const expect = (what: string, actual: number | undefined, wanted: number) => {
    if ((actual ?? 0) !== wanted) failures.push(`${what}: ${actual ?? 0}, expected ${wanted}`);
  };
  const clusters = ACCOUNTS * CLUSTERS;
  expect('AssumeRole (one per role)', sim.calls.AssumeRole, ACCOUNTS);
  expect('GetCallerIdentity (one per account)', sim.calls.GetCallerIdentity, ACCOUNTS);
  expect('ListFargateProfiles (one page per cluster)', sim.calls.ListFargateProfiles, clusters);
  expect('DescribeFargateProfile', sim.calls.DescribeFargateProfile, clusters * PROFILES);
  expect('DescribeCluster', sim.calls.DescribeCluster, clusters);
  expect('planned replaces', result.summary.replace, clusters);
  expect('planned retags', result.summary.retag, clusters);
  expect('error diagnostics', result.diagnostics.filter(d => d.severity === 'error').length, 0);

  // Linear: each added profile costs about the same heap, from 10 to 20 accounts as from 20 to 40.
  const [small, middle, large] = [10, ACCOUNTS, 40].map(a => measured.get(a)!);
  const slope = (a: typeof small, b: typeof small) => ((b!.heapMiB - a!.heapMiB) * 1024) / (b!.profiles - a!.profiles);
  const slopes = [slope(small, middle), slope(middle, large)];
  const spread = Math.max(...slopes) / Math.min(...slopes);
  console.log(
    `\nheap per added profile: ${slopes.map(k => k.toFixed(1)).join(' KiB (10 → 20 accounts), ')} KiB (20 → 40); ×${spread.toFixed(2)} apart`,
  );
  if (!(Math.min(...slopes) > 0) || spread > 1.5)
    failures.push(`heap per added profile ${slopes.map(k => k.toFixed(1)).join(' vs ')} KiB: not linear`);

  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(
    `\nOK: ratio ≤ ${GOAL_RATIO} at ${ACCOUNTS} accounts; one AssumeRole per role, one list page + ${PROFILES} describes per cluster; heap grows linearly.`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
