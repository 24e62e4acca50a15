import { SimulatedAccount, VirtualClock } from '../account';
import { REGION } from '../account/sim/__fixtures__/simState';
import { KubeStandIn, type PodFixture } from '../kube/client/__fixtures__/kubeStandIn';
import { standInPodAccess, stateServedBy } from '../kube/client/__fixtures__/standInCluster';
import { managedLive, profileSpec } from '../plan/__fixtures__/profiles';
import { profileNameFor } from '../plan/naming';
import { plan } from '../plan/plan';
import { renderApplyResult } from '../render/applyResult';
import { apply } from './apply';
import type { PendingPod, RecycleBounds } from './pendingPods';

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

// Apply through the simulated account, then the Pending pods on the stand-in API server that the
// replacement's new profile should take: reported, and with recycling deleted within bounds.

const spec = (labels: Record<string, string>) =>
  profileSpec('payments', { subnets: ['subnet-a'], selectors: [{ namespace: 'payments', labels }] });
const before = spec({ compute: 'fargate' });
const after = spec({ tier: 'api' });
const OLD = profileNameFor(before);
const NEW = profileNameFor(after);

/** A pod of the `api` ReplicaSet, which the new profile selects (`tier: api`). */
const apiPod = (name: string, extra: Partial<PodFixture>): PodFixture => ({
  namespace: 'payments',
  name,
  labels: { tier: 'api' },
  controller: 'ReplicaSet/api-7c',
  ...extra,
});

/** A Pending pod the new profile should take, as apply reports it (not recycled). */
const reported = (name: string, reason: PendingPod['reason']) => ({
  namespace: 'payments',
  name,
  controller: 'ReplicaSet/api-7c',
  profile: NEW,
  reason,
  outcome: { kind: 'reported' },
});

let standIn: KubeStandIn;
afterEach(() => standIn?.stop());

async function run(recycle?: RecycleBounds, prepare: (s: KubeStandIn) => void = () => {}) {
  standIn = await new KubeStandIn({ auth: { kind: 'eks', cluster: 'prod-eu', region: REGION } }).start();
  standIn.addPods(
    // Created in the gap without a profile: the default scheduler has them, and no node will come.
    apiPod('api-7c-b2', { phase: 'Pending' }),
    apiPod('api-7c-a1', { phase: 'Pending' }),
    { namespace: 'payments', name: 'scratch', labels: { tier: 'api' }, phase: 'Pending' },
    // Stopped with the old profile and left Pending on Fargate.
    apiPod('api-7c-c3', { phase: 'Pending', profile: OLD }),
    // On its way to the new profile, running on it, or not the new profile's at all: left alone.
    apiPod('api-7c-d4', { phase: 'Pending', profile: NEW }),
    apiPod('api-7c-e5', { profile: NEW }),
    { namespace: 'web', name: 'web-1', phase: 'Pending', controller: 'ReplicaSet/web' },
  );
  prepare(standIn);
  const state = stateServedBy(standIn, managedLive(before));
  const clock = new VirtualClock();
  const account = SimulatedAccount.fromJSON(state, { clock });
  const access = standInPodAccess(account);
  const planned = await plan({ specs: [after] }, account, { defaultRegion: REGION });
  return apply(planned, account, { clock, pods: { access, ...(recycle ? { recycle } : {}) } });
}

const outcomes = (result: Awaited<ReturnType<typeof run>>) =>
  result.pendingPods![0]!.pods.map(p => `${p.name} ${p.reason.code} ${JSON.stringify(p.outcome)}`);

describe('apply: Pending pods after a replacement', () => {
  it('reports the Pending pods the new profile should take, and why they stay Pending', async () => {
    const result = await run();
    expect(result.ok).toBe(true);
    expect(result.pendingPods).toEqual([
      {
        region: REGION,
        cluster: 'prod-eu',
        profiles: [NEW],
        read: { kind: 'read', via: `EKS token for ${standIn.url}` },
        pods: [
          reported('api-7c-a1', { code: 'default-scheduler' }),
          reported('api-7c-b2', { code: 'default-scheduler' }),
          reported('api-7c-c3', { code: 'profile-gone', profile: OLD }),
          {
            namespace: 'payments',
            name: 'scratch',
            profile: NEW,
            reason: { code: 'default-scheduler' },
            outcome: { kind: 'reported' },
          },
        ],
      },
    ]);
    expect(standIn.deleted).toEqual([]);
    const warning = result.diagnostics.find(d => d.code === 'apply.pods-pending')!;
    expect(warning).toMatchObject({ severity: 'warning', cluster: 'prod-eu' });
    expect(warning.message).toBe(
      '4 pods are Pending that the new profile should take (payments/api-7c-a1, payments/api-7c-b2, payments/api-7c-c3, payments/scratch)',
    );
    const text = renderApplyResult(result, { format: 'text' });
    expect(text).toContain(
      `Pending pods after the replacements\n  ${REGION}/prod-eu (${NEW}): 4 Pending\n    payments/api-7c-a1  ReplicaSet/api-7c  created while no profile took it; left Pending (recycle-pending would delete it)`,
    );
    expect(renderApplyResult(result, { format: 'markdown' })).toContain(
      `  - \`payments/api-7c-c3\` \`ReplicaSet/api-7c\`: stopped with profile \`${OLD}\`; left Pending \\(recycle\\-pending would delete it\\)`,
    );
  });

  it('with recycling deletes the ones a controller owns, so the controller creates them on the new profile', async () => {
    const result = await run({ maxPods: 10, withinMs: 60_000 });
    expect(outcomes(result)).toEqual([
      'api-7c-a1 default-scheduler {"kind":"deleted"}',
      'api-7c-b2 default-scheduler {"kind":"deleted"}',
      'api-7c-c3 profile-gone {"kind":"deleted"}',
      'scratch default-scheduler {"kind":"kept","why":"no-controller"}',
    ]);
    expect(standIn.deleted).toEqual(['payments/api-7c-a1', 'payments/api-7c-b2', 'payments/api-7c-c3']);
    expect(result.diagnostics.find(d => d.code === 'apply.pods-recycled')!.message).toBe(
      'Deleted 3 Pending pods (payments/api-7c-a1, payments/api-7c-b2, payments/api-7c-c3) so their controllers create them on the new profile',
    );
    expect(result.diagnostics.find(d => d.code === 'apply.pods-pending')!.message).toBe(
      '1 pod is Pending that the new profile should take (payments/scratch)',
    );
  });

  it('deletes no more than the bound allows, in number and in time', async () => {
    const few = await run({ maxPods: 1, withinMs: 60_000 });
    expect(outcomes(few).map(o => o.split(' ')[2])).toEqual([
      '{"kind":"deleted"}',
      '{"kind":"kept","why":"max-pods"}',
      '{"kind":"kept","why":"max-pods"}',
      '{"kind":"kept","why":"no-controller"}',
    ]);
    await standIn.stop();
    const none = await run({ maxPods: 10, withinMs: 0 });
    expect(
      outcomes(none)
        .slice(0, 3)
        .map(o => o.split(' ')[2]),
    ).toEqual(Array(3).fill('{"kind":"kept","why":"time"}'));
    expect(standIn.deleted).toEqual([]);
  });

  it('is an info when the cluster cannot be read, and the apply stays a success', async () => {
    const result = await run({ maxPods: 10, withinMs: 60_000 }, s => (s.failWith = 403));
    expect(result.ok).toBe(true);
    expect(result.pendingPods![0]!.read.kind).toBe('not-read');
    const info = result.diagnostics.find(d => d.code === 'apply.pods-not-read')!;
    expect(info.severity).toBe('info');
    expect(info.message).toMatch(
      /^Pending pods of cluster `prod-eu` were not looked for after its replacement \(ListPods in cluster prod-eu answered HTTP 403 Forbidden/,
    );
  });
});
