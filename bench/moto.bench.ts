// Plan of the examples (examples/specs against examples/sim-account.json, built in moto through the
// SDK) through core's AwsAccount and the real SDK clients, against the AWS emulator moto on loopback:
// once as moto is (no Service Quotas for EKS: the quota read answers 5xx) and once with moto answering
// the quota. Prints wall time, the lower bound, their ratio, and the AWS calls per kind (commands and
// HTTP attempts, counted by middleware on the SDK clients) against the ideal of one read per object.
// Exits non-zero when Service Quotas gets more than two attempts, the missing quota costs the plan
// time, or moto cannot be run.
import { AwsAccount } from '@fargatekeeper/core/aws';
import { countCalls, total, type CallCounts } from '../test/moto/support/calls';
import { EXAMPLES_CLUSTER, clustersOf, readExamples } from '../test/moto/support/examples';
import { Moto, REGION, motoMissing } from '../test/moto/support/moto';
import { changes, parseSpecs, planOf } from '../test/moto/support/run';
import { MotoWorld } from '../test/moto/support/world';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Service Quotas attempts a plan may make (GetServiceQuota, then GetAWSDefaultServiceQuota) before it falls back. */
const QUOTA_GOAL = 2;
/** The plan against moto as it is may take at most this much longer than against moto answering the quota. */
const GAP_GOAL = 1.5;

/**
 * One read per object of the examples' account: 2 clusters, 6 live profiles, 2 VPCs' route tables,
 * 2 roles (fargate-pods, and observability's default role, which does not exist yet: no policy listing
 * for it), the default roles' path listed once, the account id once, and the region's quota:
 * GetServiceQuota, then AWS's default for a quota never changed. Subnets in two batched calls: the
 * specs' subnets are known before any read, the clusters' only from DescribeCluster (moto's answer has
 * no VPC id, so the cluster's VPC is found through its subnets).
 */
const IDEAL: Record<string, number> = {
  DescribeCluster: 2,
  ListFargateProfiles: 2,
  DescribeFargateProfile: 6,
  DescribeSubnets: 2,
  DescribeRouteTables: 2,
  GetRole: 2,
  ListAttachedRolePolicies: 1,
  ListRoles: 1,
  GetCallerIdentity: 1,
  GetServiceQuota: 1,
  GetAWSDefaultServiceQuota: 1,
};
const QUOTA_CALLS = ['GetServiceQuota', 'GetAWSDefaultServiceQuota'];

interface Measured {
  wallMs: number;
  /** This process's CPU time during the plan (SDK clients, planning): where the wall time beyond moto's goes. */
  clientCpuMs: number;
  counts: CallCounts;
  /** moto's CPU time for the ideal set of requests: it serves one request at a time, so no plan finishes sooner. */
  lowerBoundMs: number;
  changes: string[];
}

async function planOnce(world: MotoWorld, examples: Awaited<ReturnType<typeof readExamples>>): Promise<Measured> {
  const account = new AwsAccount({ region: REGION });
  const counts = countCalls(account);
  const parsed = parseSpecs(world, examples.files, EXAMPLES_CLUSTER);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await planOf(account, parsed, clustersOf(examples.state));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  account.destroy();
  return {
    wallMs,
    clientCpuMs: (used.user + used.system) / 1000,
    counts,
    lowerBoundMs: idealCpuMs(counts),
    changes: changes(result),
  };
}

/** moto's CPU time, per kind the mean attempt times the ideal count (all attempts of kinds the ideal does not expect). */
function idealCpuMs(counts: CallCounts): number {
  let us = 0;
  for (const [kind, times] of counts.cpuUs) {
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    us += mean * Math.min(times.length, IDEAL[kind] ?? times.length);
  }
  return us / 1000;
}

/** One moto server with the examples built in it. */
interface Server {
  label: string;
  moto: Moto;
  world: MotoWorld;
  examples: Awaited<ReturnType<typeof readExamples>>;
  runs: Measured[];
}

/** Runs `body` with this process's SDK clients pointed at the server, as a user's environment would. */
async function using<T>(server: Pick<Server, 'moto'>, body: () => Promise<T>): Promise<T> {
  const restore = server.moto.useInProcess();
  try {
    return await body();
  } finally {
    restore();
  }
}

async function startServer(label: string, eksQuota: number | undefined): Promise<Server> {
  const moto = await Moto.start(eksQuota === undefined ? {} : { eksQuota });
  return using({ moto }, async () => {
    const world = new MotoWorld();
    const examples = await readExamples();
    await world.seed(examples.state);
    // A warm-up run: moto imports each service's code on its first request, and this process JIT-compiles.
    await planOnce(world, examples);
    return { label, moto, world, examples, runs: [] };
  });
}

function report(server: Server): Measured {
  const median = [...server.runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(server.runs.length / 2)]!;
  const walls = server.runs.map(r => r.wallMs.toFixed(0)).join(' / ');
  const attempts = total(median.counts.attempts);
  const quota = QUOTA_CALLS.reduce((n, k) => n + (median.counts.attempts.get(k) ?? 0), 0);
  console.log(
    `${server.label.padEnd(34)} | ${walls.padStart(32)} | ${median.wallMs.toFixed(0).padStart(6)} | ${median.lowerBoundMs.toFixed(1).padStart(14)} | ${(median.wallMs / median.lowerBoundMs).toFixed(2).padStart(5)} | ${median.clientCpuMs.toFixed(0).padStart(13)} | ${`${total(median.counts.commands)} / ${attempts}`.padStart(17)} | ${quota}`,
  );
  return median;
}

function perKind(asIs: Measured, answering: Measured): void {
  const kinds = [
    ...new Set([...Object.keys(IDEAL), ...asIs.counts.attempts.keys(), ...answering.counts.attempts.keys()]),
  ].sort();
  console.log('\nAWS calls per kind (median run): commands / HTTP attempts, against the ideal of one read per object');
  console.log('kind                       | ideal | moto as is | quota answering');
  const cell = (m: Measured, k: string) => `${m.counts.commands.get(k) ?? 0} / ${m.counts.attempts.get(k) ?? 0}`;
  for (const k of kinds)
    console.log(
      `${k.padEnd(26)} | ${String(IDEAL[k] ?? 0).padStart(5)} | ${cell(asIs, k).padStart(10)} | ${cell(answering, k).padStart(15)}`,
    );
  const ideal = Object.values(IDEAL).reduce((a, b) => a + b, 0);
  console.log(
    `${'all'.padEnd(26)} | ${String(ideal).padStart(5)} | ${`${total(asIs.counts.commands)} / ${total(asIs.counts.attempts)}`.padStart(10)} | ${`${total(answering.counts.commands)} / ${total(answering.counts.attempts)}`.padStart(15)}`,
  );
}

async function main(): Promise<void> {
  if (motoMissing !== undefined) {
    console.error(`moto bench cannot run: ${motoMissing}; it needs python3 with moto (\`pip install 'moto[server]'\`)`);
    process.exit(1);
  }
  console.log(
    `plan of the examples (2 clusters, 9 specs, 6 live profiles) through AwsAccount against moto on 127.0.0.1, ${RUNS} runs each`,
  );
  console.log("lower bound: moto's CPU time for one read per object (it serves one request at a time)\n");
  const servers = [
    await startServer('as is (Service Quotas 5xx)', undefined),
    await startServer('Service Quotas answering (patched)', 10),
  ];
  try {
    // Runs alternate between the two servers, so a busy moment of the machine slows both alike.
    for (let i = 0; i < RUNS; i++)
      for (const server of servers)
        server.runs.push(await using(server, () => planOnce(server.world, server.examples)));
  } finally {
    for (const server of servers) {
      server.world.destroy();
      await server.moto.stop();
    }
  }
  console.log(
    `${'moto'.padEnd(34)} | ${'wall ms (runs)'.padStart(32)} | median | lower bound ms | ratio | client CPU ms | commands/attempts | Service Quotas attempts`,
  );
  const [asIs, answering] = servers.map(report) as [Measured, Measured];
  perKind(asIs, answering);

  const failures: string[] = [];
  const quota = QUOTA_CALLS.reduce((n, k) => n + (asIs.counts.attempts.get(k) ?? 0), 0);
  if (quota > QUOTA_GOAL) failures.push(`${quota} Service Quotas attempts against moto as is (goal ≤ ${QUOTA_GOAL})`);
  const gap = asIs.wallMs / answering.wallMs;
  console.log(
    `\ncost of moto's missing Service Quotas: ${gap.toFixed(2)}× the plan's time with the quota answering (goal ≤ ${GAP_GOAL})`,
  );
  if (gap > GAP_GOAL)
    failures.push(
      `the plan against moto as is takes ${gap.toFixed(2)}× as long as with the quota answering (goal ≤ ${GAP_GOAL})`,
    );
  if (asIs.changes.join() !== answering.changes.join())
    failures.push(`the plans differ: ${asIs.changes.join(', ')} vs ${answering.changes.join(', ')}`);
  if (answering.changes.length !== 8)
    failures.push(`the examples' plan has ${answering.changes.length} changes, not 8: ${answering.changes.join(', ')}`);
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
