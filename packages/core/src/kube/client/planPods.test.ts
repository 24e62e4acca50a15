import { SimulatedAccount, VirtualClock } from '../../account';
import { REGION } from '../../account/sim/__fixtures__/simState';
import { managedLive, profileSpec } from '../../plan/__fixtures__/profiles';
import { profileNameFor } from '../../plan/naming';
import { plan } from '../../plan/plan';
import type { Plan } from '../../plan/types';
import { renderJson } from '../../render/json';
import { renderMarkdown } from '../../render/markdown';
import { renderText } from '../../render/text';
import type { PodAccess } from '../types';
import { budgetJson, KubeStandIn, nodeJson, type PodFixture } from './__fixtures__/kubeStandIn';
import { standInPodAccess, stateServedBy } from './__fixtures__/standInCluster';

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

// The whole path: a simulated account whose cluster names the stand-in as its API server, pod access
// as EKS expects it (DescribeCluster's endpoint and CA, a presigned STS token), and a plan that says
// which pods its changes move.

const paymentsBefore = profileSpec('payments');
// Only the API pods of payments stay on Fargate: a replacement (the selectors are immutable).
const paymentsAfter = profileSpec('payments', {
  selectors: [{ namespace: 'payments', labels: { compute: 'fargate', tier: 'api' } }],
});
const web = profileSpec('web', { selectors: [{ namespace: 'web', labels: {} }] });
const OLD = profileNameFor(paymentsBefore);
const NEW = profileNameFor(paymentsAfter);

let standIn: KubeStandIn;
afterEach(() => standIn?.stop());

/** A pod of payments running on the profile the replacement deletes (labelled for it, `compute: fargate`). */
const onOldProfile = (name: string, controller: string, labels: Record<string, string> = {}): PodFixture => ({
  namespace: 'payments',
  name,
  labels: { compute: 'fargate', ...labels },
  profile: OLD,
  controller,
});

async function setUp(): Promise<{ account: SimulatedAccount; pods: PodAccess }> {
  standIn = await new KubeStandIn({ auth: { kind: 'eks', cluster: 'prod-eu', region: REGION } }).start();
  standIn.addPods(
    onOldProfile('api-5d8f7c9b4-a1', 'ReplicaSet/api-5d8f7c9b4', { tier: 'api' }),
    onOldProfile('api-5d8f7c9b4-b2', 'ReplicaSet/api-5d8f7c9b4', { tier: 'api' }),
    onOldProfile('worker-6c9-c3', 'ReplicaSet/worker-6c9'),
    { ...onOldProfile('report-x9', 'Job/report'), phase: 'Succeeded' },
    { namespace: 'legacy', name: 'old-1', profile: 'handmade', controller: 'ReplicaSet/old-5f' },
    { namespace: 'web', name: 'web-77f-d4', phase: 'Pending', controller: 'ReplicaSet/web-77f' },
    { namespace: 'web', name: 'web-77f-e5', phase: 'Pending', controller: 'ReplicaSet/web-77f' },
    { namespace: 'web', name: 'debug', phase: 'Pending' },
    {
      namespace: 'kube-system',
      name: 'coredns-6b9-f6',
      labels: { 'k8s-app': 'kube-dns' },
      annotations: { 'eks.amazonaws.com/compute-type': 'ec2' },
      phase: 'Pending',
      controller: 'ReplicaSet/coredns-6b9',
    },
  );
  standIn.nodes.push(nodeJson('fargate-ip-10-0-1-5.eu-west-1.compute.internal', true));
  standIn.budgets.push(budgetJson('payments', 'api', { tier: 'api' }, 1), budgetJson('web', 'web', { app: 'web' }, 1));
  const account = SimulatedAccount.fromJSON(stateServedBy(standIn, managedLive(paymentsBefore)), {
    clock: new VirtualClock(),
  });
  return { account, pods: standInPodAccess(account) };
}

const impactOf = (p: Plan, op: string) => p.podImpact!.clusters[0]!.changes.find(c => c.op === op)!;

describe('plan with pod access', () => {
  it('says per change which running pods it stops or moves, by namespace and controller, with counts', async () => {
    const { account, pods } = await setUp();
    const p = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });

    expect(p.podImpact!.clusters).toHaveLength(1);
    expect(p.podImpact!.clusters[0]!.read).toEqual({
      kind: 'read',
      via: `EKS token for ${standIn.url}`,
      pods: 9,
      nodes: 0,
      runningByProfile: { [OLD]: 3, handmade: 1 },
    });
    expect(impactOf(p, 'replace')).toEqual({
      operation: `${REGION}/prod-eu/replace/${NEW}`,
      op: 'replace',
      profile: NEW,
      groups: [
        {
          effect: 'stopped',
          namespace: 'payments',
          controller: 'ReplicaSet/api-5d8f7c9b4',
          to: { kind: 'profile', profile: NEW },
          count: 2,
        },
        {
          effect: 'stopped',
          namespace: 'payments',
          controller: 'ReplicaSet/worker-6c9',
          to: { kind: 'pending' },
          count: 1,
        },
      ],
      budgets: [{ namespace: 'payments', name: 'api', disruptionsAllowed: 1, stopped: 2 }],
    });
    const webProfile = profileNameFor(web);
    expect(impactOf(p, 'create')).toEqual({
      operation: `${REGION}/prod-eu/create/${webProfile}`,
      op: 'create',
      profile: webProfile,
      groups: [
        { effect: 'moves-on-restart', namespace: 'web', to: { kind: 'profile', profile: webProfile }, count: 1 },
        {
          effect: 'moves-on-restart',
          namespace: 'web',
          controller: 'ReplicaSet/web-77f',
          to: { kind: 'profile', profile: webProfile },
          count: 2,
        },
      ],
      budgets: [],
    });
    // The unmanaged profile's pods, the finished job and CoreDNS are moved by no change.
    expect(p.podImpact!.clusters[0]!.changes).toHaveLength(2);
  });

  it('makes stranded pods an error, an overridden budget and what Fargate needs of the cluster warnings', async () => {
    const { account, pods } = await setUp();
    const p = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });
    const found = p.diagnostics.filter(d => d.code.startsWith('pods.') || d.code.startsWith('cluster.'));
    expect(found.map(d => [d.severity, d.code, d.message])).toEqual([
      [
        'error',
        'pods.left-pending',
        `replace of \`${OLD}\` stops 1 running pod (payments/ReplicaSet/worker-6c9) that no profile takes afterwards, and the cluster has no nodes: they would stay Pending`,
      ],
      [
        'warning',
        'cluster.coredns-ec2',
        '1 CoreDNS pod carries the annotation `eks.amazonaws.com/compute-type: ec2`, and the cluster has no nodes: DNS stays down (Pending)',
      ],
      [
        'warning',
        'cluster.coredns-unmatched',
        '1 CoreDNS pod matches no Fargate profile once the plan is applied, and the cluster has no nodes: DNS stays down (Pending)',
      ],
      [
        'warning',
        'cluster.logging-missing',
        'The ConfigMap `aws-observability/aws-logging` is missing: Fargate pods ship no logs (their annotation says `LoggingDisabled: LOGGING_CONFIGMAP_NOT_FOUND`)',
      ],
      [
        'warning',
        'pods.budget-ignored',
        `replace of \`${OLD}\` stops 2 running pods that PodDisruptionBudget \`payments/api\` allows 1 disruption of: deleting a Fargate profile does not honour budgets`,
      ],
    ]);
    expect(found.find(d => d.code === 'cluster.coredns-ec2')!.hint).toContain(
      '"path": "/spec/template/metadata/annotations/eks.amazonaws.com~1compute-type"',
    );
  });

  it('renders the section in text, Markdown and JSON', async () => {
    const { account, pods } = await setUp();
    const p = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });
    const webProfile = profileNameFor(web);
    const text = renderText(p, { color: false });
    expect(text.slice(text.indexOf('\nPods\n'), text.indexOf('\nErrors:'))).toBe(
      [
        '',
        'Pods',
        `  prod-eu 9 pods, 0 nodes (EKS token for ${standIn.url})`,
        `    ${webProfile}  create`,
        '      3 pods move on their next restart:',
        `        web  (no controller)  1 → ${webProfile}`,
        `        web  ReplicaSet/web-77f  2 → ${webProfile}`,
        `    ${NEW}  replace`,
        '      3 pods stopped now (EKS stops the pods of a deleted profile):',
        `        payments  ReplicaSet/api-5d8f7c9b4  2 → ${NEW}`,
        '        payments  ReplicaSet/worker-6c9  1 → stay Pending (no profile takes them, no nodes)',
        '      budget payments/api allows 1, 2 of its pods stopped: not honoured',
        '',
      ].join('\n'),
    );
    const markdown = renderMarkdown(p);
    expect(markdown).toContain('#### Pods · `prod-eu`');
    expect(markdown).toContain(
      `| \`${NEW}\` (replace) | stopped now | 2 | \`payments\` | \`ReplicaSet/api-5d8f7c9b4\` | \`${NEW}\` |`,
    );
    expect(markdown).toContain(
      `| \`${NEW}\` (replace) | stopped now | 1 | \`payments\` | \`ReplicaSet/worker-6c9\` | ❌ stay Pending (no profile, no nodes) |`,
    );
    expect(markdown).toContain('PodDisruptionBudget `payments/api` allows 1;');
    expect(JSON.parse(renderJson(p)).podImpact).toEqual(JSON.parse(JSON.stringify(p.podImpact)));
  });

  it('leaves the fingerprint alone: pods come and go, the change set is what was reviewed', async () => {
    const { account, pods } = await setUp();
    const withPods = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });
    const without = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION });
    standIn.pods.splice(0, 3);
    const fewerPods = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });
    expect(without.podImpact).toBeUndefined();
    expect(withPods.fingerprint).toBe(without.fingerprint);
    expect(fewerPods.fingerprint).toBe(without.fingerprint);
    expect(fewerPods.podImpact).not.toEqual(withPods.podImpact);
  });

  it('is an info, never a failure, when a cluster cannot be read', async () => {
    const { account, pods } = await setUp();
    standIn.failWith = 403;
    const p = await plan({ specs: [paymentsAfter, web] }, account, { defaultRegion: REGION, pods });
    expect(p.podImpact!.clusters[0]!.read.kind).toBe('not-read');
    const info = p.diagnostics.find(d => d.code === 'pods.not-read')!;
    expect(info.severity).toBe('info');
    expect(info.message).toMatch(
      /^The pods of cluster `prod-eu` were not read \(List\w+ in cluster prod-eu answered HTTP 403 Forbidden: forbidden by the test; the identity needs an EKS access entry/,
    );
    expect(p.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  });
});
