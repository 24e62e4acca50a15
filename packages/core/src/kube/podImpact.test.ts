import { SimulatedAccount, VirtualClock } from '../account';
import { REGION, simState } from '../account/sim/__fixtures__/simState';
import type { LiveProfile } from '../account/types';
import { managedLive, profileSpec } from '../plan/__fixtures__/profiles';
import { profileNameFor } from '../plan/naming';
import { plan } from '../plan/plan';
import type { ProfileSpec } from '../spec/types';
import { fargateClusterChecks } from './fargateChecks';
import { labelSelectorMatches } from './labelSelector';
import { placementAfter, runningPodsByProfile } from './placement';
import { podImpactOf, profilesAfterPlan } from './podImpact';
import type { ClusterPod, ClusterWorkloads } from './types';

const spec = (name: string, namespace: string): ProfileSpec =>
  profileSpec(name, { subnets: ['subnet-a'], selectors: [{ namespace, labels: {} }] });

const fargatePod = (
  namespace: string,
  name: string,
  profile: string,
  labels: Record<string, string> = {},
): ClusterPod => ({
  namespace,
  name,
  labels: { ...labels, 'eks.amazonaws.com/fargate-profile': profile },
  annotations: {},
  phase: 'Running',
  nodeName: `fargate-${name}`,
  schedulerName: 'fargate-scheduler',
  controller: { kind: 'ReplicaSet', name: `${name}-rs` },
});

const workloads = (pods: ClusterPod[], ec2Nodes = 0, loggingConfigMap = true): ClusterWorkloads => ({
  pods,
  nodes: Array.from({ length: ec2Nodes }, (_, i) => ({ name: `ip-${i}`, fargate: false })),
  budgets: [],
  loggingConfigMap,
});

/** A cluster with the managed profile of spec `jobs` (namespace jobs) and the unmanaged `handmade` (namespace legacy); planned with `specs`. */
async function planned(specs: ProfileSpec[]) {
  const jobs = spec('jobs', 'jobs');
  const state = simState();
  state.clusters[0]!.profiles.push(managedLive(jobs));
  const account = SimulatedAccount.fromJSON(state, { clock: new VirtualClock() });
  const p = await plan({ specs }, account, { defaultRegion: REGION, clusters: [{ name: 'prod-eu', region: REGION }] });
  const live: LiveProfile[] = [];
  for (const name of (await account.listFargateProfiles({ name: 'prod-eu', region: REGION })).names)
    live.push((await account.describeFargateProfile({ name: 'prod-eu', region: REGION }, name))!);
  return { cluster: p.clusters.find(c => c.cluster === 'prod-eu')!, live, jobsProfile: profileNameFor(jobs) };
}

describe('pod impact', () => {
  it('sends the pods of a deleted profile to nodes when the cluster has some: no error', async () => {
    const { cluster, live, jobsProfile } = await planned([]);
    const { changes, diagnostics } = podImpactOf(
      cluster,
      live,
      workloads([fargatePod('jobs', 'cron', jobsProfile)], 2),
    );
    expect(changes).toEqual([
      {
        operation: `${REGION}/prod-eu/delete-profile/${jobsProfile}`,
        op: 'delete-profile',
        profile: jobsProfile,
        groups: [
          { effect: 'stopped', namespace: 'jobs', controller: 'ReplicaSet/cron-rs', to: { kind: 'nodes' }, count: 1 },
        ],
        budgets: [],
      },
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('sends them to another profile that matches them, and leaves pods of profiles that stay alone', async () => {
    const { cluster, live, jobsProfile } = await planned([spec('batch', 'jobs')]);
    const batch = profileNameFor(spec('batch', 'jobs'));
    const { changes } = podImpactOf(
      cluster,
      live,
      workloads([fargatePod('jobs', 'cron', jobsProfile), fargatePod('legacy', 'old', 'handmade')]),
    );
    expect(
      changes.map(c => [
        c.op,
        c.groups.map(g => `${g.effect} ${g.namespace} → ${g.to.kind === 'profile' ? g.to.profile : g.to.kind}`),
      ]),
    ).toEqual([['delete-profile', [`stopped jobs → ${batch}`]]]);
  });

  it('says which running pods a new profile that sorts first takes on their next restart', async () => {
    const { cluster, live } = await planned([spec('a-legacy', 'legacy'), spec('jobs', 'jobs')]);
    const first = profileNameFor(spec('a-legacy', 'legacy'));
    const { changes } = podImpactOf(cluster, live, workloads([fargatePod('legacy', 'old', 'handmade')]));
    expect(changes).toEqual([
      {
        operation: `${REGION}/prod-eu/create/${first}`,
        op: 'create',
        profile: first,
        groups: [
          {
            effect: 'moves-on-restart',
            namespace: 'legacy',
            controller: 'ReplicaSet/old-rs',
            to: { kind: 'profile', profile: first },
            count: 1,
          },
        ],
        budgets: [],
      },
    ]);
  });

  it('matches a Fargate pod afresh (its profile label is the webhook’s) but honours the label a pod on nodes carries', () => {
    const profiles = [
      { name: 'a', selectors: [{ namespace: 'ns', labels: {} }] },
      { name: 'b', selectors: [{ namespace: 'ns', labels: {} }] },
    ];
    expect(placementAfter(fargatePod('ns', 'p', 'b'), profiles, false)).toEqual({ kind: 'profile', profile: 'a' });
    const pinned: ClusterPod = {
      namespace: 'ns',
      name: 'q',
      labels: { 'eks.amazonaws.com/fargate-profile': 'gone' },
      annotations: {},
      phase: 'Running',
      nodeName: 'ip-1',
    };
    expect(placementAfter(pinned, profiles, true)).toEqual({ kind: 'nodes' });
    expect(placementAfter(pinned, profiles, false)).toEqual({ kind: 'pending' });
  });

  it('counts running pods per profile by the Fargate label', () => {
    const done = { ...fargatePod('ns', 'x', 'a'), phase: 'Succeeded' as const };
    expect(
      runningPodsByProfile([fargatePod('ns', 'p', 'a'), fargatePod('ns', 'q', 'a'), fargatePod('ns', 'r', 'b'), done]),
    ).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('keeps live profiles that stay, drops what the plan deletes, adds what it creates', async () => {
    const { cluster, live } = await planned([spec('web', 'web')]);
    expect(
      profilesAfterPlan(live, cluster.operations)
        .map(p => p.name)
        .sort(),
    ).toEqual(['handmade', profileNameFor(spec('web', 'web'))]);
  });
});

describe('Fargate cluster checks', () => {
  const coreDns = (annotations: Record<string, string> = {}): ClusterPod => ({
    namespace: 'kube-system',
    name: 'coredns-1',
    labels: { 'k8s-app': 'kube-dns' },
    annotations,
    phase: 'Pending',
    schedulerName: 'default-scheduler',
    controller: { kind: 'ReplicaSet', name: 'coredns-6b9' },
  });
  const kubeSystem = [
    { name: 'coredns', selectors: [{ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }] },
  ];

  it('passes CoreDNS that a profile takes, and any CoreDNS on a cluster with nodes', () => {
    expect(fargateClusterChecks('c', kubeSystem, workloads([coreDns()]))).toEqual([]);
    expect(fargateClusterChecks('c', [], workloads([coreDns({ 'eks.amazonaws.com/compute-type': 'ec2' })], 1))).toEqual(
      [],
    );
  });

  it('flags CoreDNS without a profile on a cluster without nodes, with the fix from the EKS guide', () => {
    const [finding] = fargateClusterChecks(
      'c',
      [{ name: 'apps', selectors: [{ namespace: 'apps', labels: {} }] }],
      workloads([coreDns()]),
    );
    expect(finding).toMatchObject({ severity: 'warning', code: 'cluster.coredns-unmatched', cluster: 'c' });
    expect(finding!.hint).toContain('--selectors namespace=kube-system,labels={k8s-app=kube-dns}');
    expect(finding!.hint).toContain('kubectl rollout restart -n kube-system deployment coredns');
  });

  it('wants the logging ConfigMap only where profiles are', () => {
    expect(fargateClusterChecks('c', [], workloads([], 1, false))).toEqual([]);
    expect(fargateClusterChecks('c', kubeSystem, workloads([], 1, false)).map(d => d.code)).toEqual([
      'cluster.logging-missing',
    ]);
  });
});

describe('label selectors', () => {
  it.each([
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['api', 'web'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['api'] }] }, false],
    [{ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' as const }] }, true],
    [{ matchExpressions: [{ key: 'canary', operator: 'Exists' as const }] }, false],
    [{}, true],
  ])('%j on app=api,tier=api: %s', (selector, matches) => {
    expect(labelSelectorMatches(selector, { app: 'api', tier: 'api' })).toBe(matches);
  });
});
