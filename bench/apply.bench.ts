// Apply of 8 clusters × 5 changes (2 creates, 2 replacements, 1 delete per cluster) on the simulated
// account: creates take 90 s, deletes 120 s, every API call 20 ms. Time is a VirtualClock (the
// simulated minutes pass in milliseconds; waits, backoff and latency all go through it). Prints the
// wall time, the lower bound (max over clusters of the sum of its operations' durations: a cluster
// runs one create/delete at a time, so nothing can beat it), their ratio (goal ≤ 1.15) and
// DescribeFargateProfile polls per operation; exits non-zero when the ratio goal is missed.
import {
  apply,
  doesSomething,
  plan,
  seededRandom,
  SimulatedAccount,
  VirtualClock,
  type ApplyEvent,
  type Operation,
  type ProfileSpec,
  type SimState,
} from '@fargatekeeper/core';
import { ACCOUNT, podsRole, REGION } from './support/simAccount';

const CLUSTERS = 8;
const CREATE_S = 90;
const DELETE_S = 120;
const LATENCY_MS = 20;
const GOAL_RATIO = 1.15;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/pods`;

const clusterName = (c: number) => `cluster-${c}`;

function state(): SimState {
  return {
    accountId: ACCOUNT,
    region: REGION,
    quotas: { fargateProfilesPerCluster: 10 },
    timings: { createSeconds: CREATE_S, deleteSeconds: DELETE_S, iamPropagationSeconds: 10 },
    clusters: Array.from({ length: CLUSTERS }, (_, c) => ({
      name: clusterName(c),
      region: REGION,
      status: 'ACTIVE' as const,
      vpcId: 'vpc-1',
      subnetIds: ['subnet-a', 'subnet-b'],
      profiles: [],
    })),
    vpcs: [
      {
        id: 'vpc-1',
        region: REGION,
        subnets: [
          { id: 'subnet-a', availabilityZone: 'eu-west-1a' },
          { id: 'subnet-b', availabilityZone: 'eu-west-1b' },
        ],
        routeTables: [
          {
            id: 'rtb-1',
            main: true,
            subnetIds: [],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
          },
        ],
      },
    ],
    roles: [podsRole('pods')],
  };
}

function spec(cluster: string, name: string, version: string): ProfileSpec {
  return {
    name,
    cluster,
    region: REGION,
    podExecutionRoleArn: ROLE,
    subnets: ['subnet-a', 'subnet-b'],
    selectors: [{ namespace: name, labels: { version } }],
    tags: {},
    source: { file: `fargate/${cluster}.yaml`, line: 1, column: 1, format: 'native', document: 0, fields: {} },
  };
}

/** The EKS creates and deletes an operation makes a cluster wait for; tagging and IAM calls take no time worth counting. */
function profileCalls(o: Operation): { creates: number; deletes: number } {
  switch (o.op) {
    case 'create':
      return { creates: 1, deletes: 0 };
    case 'replace':
    case 'adopt-by-replace':
      return { creates: 1, deletes: 1 };
    case 'delete-profile':
      return { creates: 0, deletes: 1 };
    // A wait's remaining time is unknown: none is the bound.
    case 'adopt-in-place':
    case 'retag':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return { creates: 0, deletes: 0 };
  }
}

/** Before: app-0..2 (v1) and old-0. After: app-0/1 replaced (v2), app-2 kept, old-0 deleted, new-0/1 created. */
const before = (cluster: string) => [
  spec(cluster, 'app-0', 'v1'),
  spec(cluster, 'app-1', 'v1'),
  spec(cluster, 'app-2', 'v1'),
  spec(cluster, 'old-0', 'v1'),
];
const after = (cluster: string) => [
  spec(cluster, 'app-0', 'v2'),
  spec(cluster, 'app-1', 'v2'),
  spec(cluster, 'app-2', 'v1'),
  spec(cluster, 'new-0', 'v1'),
  spec(cluster, 'new-1', 'v1'),
];
const clusters = Array.from({ length: CLUSTERS }, (_, c) => clusterName(c));
const planOptions = { defaultRegion: REGION, clusters: clusters.map(name => ({ region: REGION, name })) };

async function main(): Promise<void> {
  const clock = new VirtualClock();
  const sim = SimulatedAccount.fromJSON(state(), { clock, latencyMs: LATENCY_MS });

  // Deploy the "before" state with apply itself, then measure the change to "after".
  const initial = clusters.flatMap(before);
  const deployed = await apply(await plan({ specs: initial }, sim, planOptions), sim, {
    clock,
    random: seededRandom(1),
  });
  if (!deployed.ok) throw new Error('setting up the before state failed');

  const specs = clusters.flatMap(after);
  const reviewed = await plan({ specs }, sim, planOptions);
  const kinds = reviewed.clusters.flatMap(c => c.operations.filter(o => doesSomething(o)).map(o => o.op));
  const perClusterCalls = reviewed.clusters.map(c =>
    c.operations
      .map(profileCalls)
      .reduce((sum, n) => ({ creates: sum.creates + n.creates, deletes: sum.deletes + n.deletes }), {
        creates: 0,
        deletes: 0,
      }),
  );
  const callsBefore = { ...sim.calls };
  const events: ApplyEvent[] = [];
  const started = clock.now();
  const realStart = performance.now();
  const result = await apply(reviewed, sim, {
    clock,
    random: seededRandom(2),
    replan: () => plan({ specs }, sim, planOptions),
    onEvent: e => events.push(e),
  });
  const wall = clock.now() - started;
  const realMs = performance.now() - realStart;

  const perCluster = kinds.length / CLUSTERS;
  const creates = kinds.filter(k => k === 'create').length / CLUSTERS;
  const replaces = kinds.filter(k => k === 'replace').length / CLUSTERS;
  const deletes = kinds.filter(k => k === 'delete-profile').length / CLUSTERS;
  // A cluster runs its operations one at a time: a create is 90 s, a delete 120 s, a replacement both.
  const lowerBound = Math.max(...perClusterCalls.map(n => n.creates * CREATE_S + n.deletes * DELETE_S)) * 1000;
  const operations = perClusterCalls.reduce((sum, n) => sum + n.creates + n.deletes, 0);
  const calls = Object.fromEntries(
    Object.entries(sim.calls).map(([api, n]) => [api, (n ?? 0) - ((callsBefore as Record<string, number>)[api] ?? 0)]),
  );
  // The re-plan describes every profile once (4 per cluster); the rest are apply's polls and checks.
  const replanDescribes = reviewed.clusters.reduce((sum, c) => sum + c.liveProfiles, 0);
  const applyDescribes = (calls.DescribeFargateProfile ?? 0) - replanDescribes;
  const ratio = wall / lowerBound;
  const polls = events.filter(e => e.type === 'waiting').length;
  const busy = events.filter(e => e.type === 'retried' && e.errorName === 'ResourceInUseException').length;

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `clusters: ${CLUSTERS}, operations per cluster: ${perCluster} (${creates} create, ${replaces} replace, ${deletes} delete-profile)`,
  );
  console.log(
    `simulated: create ${CREATE_S} s, delete ${DELETE_S} s, ${LATENCY_MS} ms per API call; VirtualClock (real time ${realMs.toFixed(0)} ms)`,
  );
  console.log(
    `result: ${result.summary.succeeded} succeeded, ${result.summary.failed} failed, ${result.summary.skipped} skipped`,
  );
  console.log(`wall time (virtual, re-plan included): ${s(wall)}`);
  console.log(`lower bound (max over clusters of the sum of its operations): ${s(lowerBound)}`);
  console.log(`ratio: ${ratio.toFixed(3)} (goal ≤ ${GOAL_RATIO})`);
  console.log(`operations: ${operations} (creates and deletes)`);
  console.log(
    `describe-polls while waiting: ${polls} = ${(polls / operations).toFixed(1)} per operation; all DescribeFargateProfile calls by apply (polls, checks before each step, one scan per cluster): ${applyDescribes} = ${(applyDescribes / operations).toFixed(1)} per operation`,
  );
  console.log(`ResourceInUseException retries: ${busy}`);
  console.log(`API calls during the apply (re-plan included): ${JSON.stringify(calls)}`);

  const failures: string[] = [];
  if (!result.ok) failures.push('the apply did not succeed');
  if (ratio > GOAL_RATIO) failures.push(`ratio ${ratio.toFixed(3)} > ${GOAL_RATIO}`);
  if (busy > 0) failures.push(`${busy} ResourceInUseException retries (two operations overlapped in a cluster)`);
  if (failures.length) {
    console.error(`FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
