import { SimulatedAccount, VirtualClock, type SimProfile, type SimState } from '../account';
import { REGION, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE, SOURCE_TAG, SPEC_TAG } from '../account/types';
import type { ProfileSpec, Selector } from '../spec/types';
import { driftOf, hasChangesOrDrift } from './drift';
import { managedLive, profileSpec } from './__fixtures__/profiles';
import { profileNameFor } from './naming';
import { plan } from './plan';
import type { Plan } from './types';

const spec = (name: string, selectors: Selector[]): ProfileSpec =>
  profileSpec(name, { subnets: ['subnet-a'], selectors });

/** A profile made by hand (or by another tool): no fargatekeeper tags unless given. */
const handmade = (name: string, selectors: Selector[], overrides: Partial<SimProfile> = {}): SimProfile => ({
  name,
  status: 'ACTIVE',
  podExecutionRoleArn: ROLE_ARN,
  subnets: ['subnet-a'],
  selectors,
  tags: {},
  createdAt: '2025-06-01T00:00:00.000Z',
  ...overrides,
});

async function planWith(specs: ProfileSpec[], live: SimProfile[], source?: string): Promise<Plan> {
  const state: SimState = simState();
  state.clusters[0]!.profiles = live;
  return plan({ specs }, SimulatedAccount.fromJSON(state, { clock: new VirtualClock() }), {
    defaultRegion: REGION,
    ...(source ? { source } : {}),
  });
}

const hijackMessages = (p: Plan) => p.diagnostics.filter(d => d.code === 'plan.hijacked').map(d => d.message);
const findingKinds = (p: Plan) =>
  driftOf(p).findings.map(f =>
    f.kind === 'hijack' ? `hijack ${f.hijack.profile} → ${f.hijack.spec}` : `${f.operation.op}`,
  );

describe('hijacks: profiles the specs do not manage that win pods of a spec', () => {
  const payments = spec('payments', [{ namespace: 'payments', labels: {} }]);

  it('warns at the spec and counts as drift when an unmanaged `*` profile sorts first', async () => {
    const p = await planWith(
      [payments],
      [managedLive(payments), handmade('console-all', [{ namespace: '*', labels: {} }])],
    );
    expect(p.hasChanges).toBe(false);
    expect(p.diagnostics.filter(d => d.code === 'plan.hijacked')).toEqual([
      {
        severity: 'warning',
        code: 'plan.hijacked',
        message:
          '`console-all` (not managed) takes pods that spec `payments` selects (namespace `payments`): EKS picks `console-all` first by name',
        cluster: 'prod-eu',
        profile: 'payments',
        source: { file: 'fargate/payments.yaml', line: 4, column: 3 },
        hint: `narrow or delete \`console-all\`, adopt it with a spec, or label the pods \`eks.amazonaws.com/fargate-profile: ${profileNameFor(payments)}\``,
      },
    ]);
    expect(findingKinds(p)).toEqual(['hijack console-all → payments']);
    expect(driftOf(p).findings[0]).toMatchObject({
      kind: 'hijack',
      hijack: { owner: { kind: 'unmanaged' }, specProfile: profileNameFor(payments), selectorIndex: 0 },
    });
    expect(hasChangesOrDrift(p)).toBe(true);
  });

  it('is no hijack when the other profile sorts after the spec, matches other namespaces, or needs other label values', async () => {
    const batch = spec('batch', [{ namespace: 'batch-*', labels: { compute: 'fargate' } }]);
    const p = await planWith(
      [batch],
      [
        managedLive(batch),
        handmade('zz-everything', [{ namespace: '*', labels: {} }]),
        handmade('a-team', [{ namespace: 'team-?', labels: {} }]),
        handmade('a-spot', [{ namespace: 'b*', labels: { compute: 'spot' } }]),
      ],
    );
    expect(hijackMessages(p)).toEqual([]);
    expect(driftOf(p).findings).toEqual([]);
    expect(hasChangesOrDrift(p)).toBe(false);
  });

  it('describes the pods taken through wildcard namespaces and labels, one finding per spec selector and winner', async () => {
    const jobs = spec('jobs', [
      { namespace: 'batch-*', labels: { compute: 'fargate' } },
      { namespace: 'reports', labels: {} },
    ]);
    const p = await planWith(
      [jobs],
      [
        managedLive(jobs),
        handmade('a-nightly', [{ namespace: '*-nightly', labels: { 'team.io/*': 'data' } }]),
        handmade('b-all-b', [
          { namespace: 'b*', labels: {} },
          { namespace: 'rep*', labels: { tier: 'low' } },
        ]),
      ],
    );
    expect(hijackMessages(p)).toEqual([
      '`a-nightly` (not managed) takes pods that spec `jobs` selects (namespaces matching both `batch-*` and `*-nightly` with `compute=fargate`, `team.io/*=data`): EKS picks `a-nightly` first by name',
      '`b-all-b` (not managed) takes pods that spec `jobs` selects (namespace `batch-*` with `compute=fargate`): EKS picks `b-all-b` first by name',
      '`b-all-b` (not managed) takes pods that spec `jobs` selects (namespace `reports` with `tier=low`): EKS picks `b-all-b` first by name',
    ]);
    expect(driftOf(p).findings.map(f => f.kind === 'hijack' && [f.hijack.profile, f.hijack.selectorIndex])).toEqual([
      ['a-nightly', 0],
      ['b-all-b', 0],
      ['b-all-b', 1],
    ]);
  });

  it('names the source of a profile another repository manages', async () => {
    const other = handmade('aaa-shared', [{ namespace: 'pay*', labels: {} }], {
      tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [SPEC_TAG]: 'shared', [SOURCE_TAG]: 'octo-org/other-specs' },
    });
    const p = await planWith([payments], [managedLive(payments), other], 'octo-org/platform-specs');
    const [finding] = driftOf(p).findings.filter(f => f.kind === 'hijack');
    expect(finding).toMatchObject({
      hijack: { profile: 'aaa-shared', owner: { kind: 'other-source', source: 'octo-org/other-specs' } },
    });
    expect(hijackMessages(p)).toEqual([
      '`aaa-shared` (managed by octo-org/other-specs) takes pods that spec `payments` selects (namespace `payments`): EKS picks `aaa-shared` first by name',
    ]);
  });

  it('judges the cluster as the plan leaves it: a new spec is hijacked too, a hijacker being deleted is not', async () => {
    const p = await planWith(
      [payments],
      [
        handmade('console-all', [{ namespace: '*', labels: {} }]),
        handmade('b-going', [{ namespace: 'pay*', labels: {} }], { status: 'DELETING' }),
      ],
    );
    expect(findingKinds(p)).toEqual(['create', 'hijack console-all → payments']);
  });
});

describe('driftOf', () => {
  it('reports a profile an earlier apply is still creating as in progress, not as drift', async () => {
    const payments = spec('payments', [{ namespace: 'payments', labels: {} }]);
    const p = await planWith([payments], [managedLive(payments, { status: 'CREATING' })]);
    const drift = driftOf(p);
    expect(drift.findings).toEqual([]);
    expect(drift.inProgress.map(o => [o.op, o.until, o.profile])).toEqual([
      ['wait', 'active', profileNameFor(payments)],
    ]);
  });

  it('reports a delete still in flight as in progress, and the changes an apply would make as drift', async () => {
    const gone = spec('gone', [{ namespace: 'gone', labels: {} }]);
    const kept = spec('kept', [{ namespace: 'kept', labels: {} }]);
    const p = await planWith([kept], [managedLive(gone, { status: 'DELETING' })]);
    const drift = driftOf(p);
    expect(drift.inProgress.map(o => o.op === 'wait' && o.until)).toEqual(['deleted']);
    expect(findingKinds(p)).toEqual(['create']);
  });
});
