import { SimulatedAccount, VirtualClock, type SimFault, type SimProfile, type SimState } from '../account';
import { ACCOUNT, REGION, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { HASH_TAG, MANAGED_BY_TAG, SPEC_TAG } from '../account/types';
import type { Diagnostic } from '../diagnostics';
import { parseSpecFiles } from '../spec';
import type { ProfileSpec } from '../spec/types';
import { CLUSTER_TAG, DEFAULT_ROLE_PATH, defaultRoleName } from './defaultRole';
import { desiredTagsFor, profileNameFor } from './naming';
import { managedLive, profileSpec } from './__fixtures__/profiles';
import { plan } from './plan';
import { diffProfiles } from './diff';
import type { Operation, OperationKind, Plan, PlanInput, PlanOptions } from './types';

/** A spec tagged `team: platform`: a tag of the user's beside the managed ones. */
const spec = (name: string, overrides: Partial<ProfileSpec> = {}): ProfileSpec =>
  profileSpec(name, { tags: { team: 'platform' }, ...overrides });

function account(mutate: (state: SimState) => void = () => {}, faults: SimFault[] = []) {
  const state = simState();
  mutate(state);
  return SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), faults });
}

const options: PlanOptions = { defaultRegion: REGION };
/** JSON without source lines (the variants below do not move specs in their files). */
const renderJsonOf = (p: Plan) => JSON.stringify(p);
const opsOf = (p: Plan, cluster = 'prod-eu'): Operation[] => p.clusters.find(c => c.cluster === cluster)!.operations;
const only = <K extends OperationKind>(p: Plan, op: K, cluster = 'prod-eu'): Extract<Operation, { op: K }> => {
  const found = opsOf(p, cluster).filter((o): o is Extract<Operation, { op: K }> => o.op === op);
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** The one `wait` of a cluster that waits until its profile is `until`. */
const onlyWait = <U extends 'active' | 'deleted'>(
  p: Plan,
  until: U,
  cluster = 'prod-eu',
): Extract<Operation, { op: 'wait'; until: U }> => {
  const found = opsOf(p, cluster).filter(
    (o): o is Extract<Operation, { op: 'wait'; until: U }> => o.op === 'wait' && o.until === until,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};
/** What the old plan called a delete: of a profile, of a default role alone, or the wait for a DELETING profile. */
const deletesOf = (p: Plan, cluster = 'prod-eu') =>
  opsOf(p, cluster).filter(
    o => o.op === 'delete-profile' || o.op === 'delete-role' || (o.op === 'wait' && o.until === 'deleted'),
  );
/** The EKS name (or, for `delete-role`, the role name) an operation works on. */
const nameOf = (o: Operation) => (o.op === 'delete-role' ? o.role.name : o.profile);
const codes = (p: Plan) => p.diagnostics.map((d: Diagnostic) => d.code);
const profiles = (state: SimState, cluster = 'prod-eu') => state.clusters.find(c => c.name === cluster)!.profiles;

describe('plan: operation kinds', () => {
  it('creates a profile for a new spec, named <name>-<hash> and tagged as managed', async () => {
    const s = spec('payments');
    const p = await plan({ specs: [s] }, account(), options);
    const o = only(p, 'create');
    expect(o.profile).toMatch(/^payments-[0-9a-f]{8}$/);
    expect(o).toMatchObject({
      id: `${REGION}/prod-eu/create/${o.profile}`,
      spec: 'payments',
      reason: { code: 'new-spec' },
      source: { file: 'fargate/payments.yaml', line: 4, column: 3 },
    });
    expect(o.after.tags).toMatchObject({ team: 'platform', [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'payments' });
    expect(o.after.tags[HASH_TAG]).toMatch(/^[0-9a-f]{16}$/);
    expect(o.fields.map(f => f.path)).toEqual(
      expect.arrayContaining(['podExecutionRoleArn', 'subnets', 'selectors[0]', 'tags.team']),
    );
    expect(o.createsRole).toBeUndefined();
    expect(p.summary).toMatchObject({
      create: 1,
      replace: 0,
      'delete-profile': 0,
      'delete-role': 0,
      wait: 0,
      unmanaged: 1,
      roleDeletes: 0,
    });
    expect(p.hasChanges).toBe(true);
  });

  it('is a no-op when the live profile equals the spec (order of subnets, selectors and labels ignored)', async () => {
    const s = spec('payments', {
      selectors: [
        { namespace: 'a', labels: { x: '1', y: '2' } },
        { namespace: 'b', labels: {} },
      ],
    });
    const live = managedLive(s, {
      subnets: ['subnet-b', 'subnet-a'],
      selectors: [
        { namespace: 'b', labels: {} },
        { namespace: 'a', labels: { y: '2', x: '1' } },
      ],
    });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(live)),
      options,
    );
    const o = only(p, 'no-op');
    expect(o).toMatchObject({ profile: live.name, reason: { code: 'up-to-date' } });
    expect(diffProfiles(o.before, o.after)).toEqual([]);
    expect(p.hasChanges).toBe(false);
  });

  it('retags in place when only tags differ, with tags to set and remove', async () => {
    const s = spec('payments', { tags: { team: 'payments', cost: 'a' } });
    const live = managedLive(s, {
      tags: {
        ...desiredTagsFor(spec('payments', { tags: { team: 'platform', old: 'x' } })),
        'aws:cloudformation:stack-name': 'keep',
      },
    });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(live)),
      options,
    );
    const o = only(p, 'retag');
    expect(o.profile).toBe(live.name);
    expect(o.tags).toEqual({
      set: { cost: 'a', [HASH_TAG]: desiredTagsFor(s)[HASH_TAG], team: 'payments' },
      remove: ['old'],
    });
    expect(o.fields.every(f => !f.forcesReplacement)).toBe(true);
    expect(o.fields.map(f => f.path)).toEqual(['tags.cost', `tags.${HASH_TAG}`, 'tags.old', 'tags.team']);
    expect(o.reason).toEqual({ code: 'fields-changed', fields: ['tags.cost', 'tags.old', 'tags.team'] });
  });

  it('replaces create-before-delete when an immutable field changed, naming the field', async () => {
    const before = spec('payments');
    const after = spec('payments', { selectors: [{ namespace: 'payments', labels: { compute: 'serverless' } }] });
    const p = await plan(
      { specs: [after] },
      account(st => profiles(st).push(managedLive(before))),
      options,
    );
    const o = only(p, 'replace');
    expect(o).toMatchObject({
      profile: profileNameFor(after),
      replaces: profileNameFor(before),
      reason: { code: 'fields-changed', fields: ['selectors[0].labels'] },
    });
    expect(o.order).toEqual({ kind: 'create-before-delete' });
    expect(o.fields.find(f => f.path === 'selectors[0].labels')).toEqual({
      path: 'selectors[0].labels',
      before: { compute: 'fargate' },
      after: { compute: 'serverless' },
      forcesReplacement: true,
    });
    expect(codes(p)).not.toContain('plan.replace-downtime');
  });

  it('replaces delete-before-create when the extra profile would exceed the quota, and says why', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-a'] });
    const p = await plan(
      { specs: [after] },
      account(st => {
        st.quotas = { fargateProfilesPerCluster: 2 };
        profiles(st).push(managedLive(before));
      }),
      options,
    );
    const o = only(p, 'replace');
    expect(o.order).toEqual({ kind: 'delete-before-create', why: { code: 'quota', quota: 2, inUse: 2 } });
    expect(p.diagnostics.find(d => d.code === 'plan.replace-downtime')).toMatchObject({
      severity: 'warning',
      cluster: 'prod-eu',
      profile: 'payments',
    });
  });

  it('counts the deletes apply runs first and the creates it runs before, for the quota', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-a'] });
    const withQuota = (quota: number, extra: SimProfile[]) =>
      account(st => {
        st.quotas = { fargateProfilesPerCluster: quota };
        profiles(st).push(managedLive(before), ...extra);
      });
    // handmade + payments + a removed spec's profile: its delete frees the slot the replacement needs.
    const freed = await plan({ specs: [after] }, withQuota(3, [managedLive(spec('gone'))]), options);
    expect(only(freed, 'replace').order).toEqual({ kind: 'create-before-delete' });
    // A new spec takes the free slot first: then the replacement must delete first.
    const taken = await plan({ specs: [after, spec('jobs')] }, withQuota(3, []), options);
    expect(only(taken, 'replace').order).toEqual({
      kind: 'delete-before-create',
      why: { code: 'quota', quota: 3, inUse: 3 },
    });
  });

  it('replaces delete-before-create when profileName fixes the name', async () => {
    const before = spec('payments', { profileName: 'payments' });
    const after = spec('payments', {
      profileName: 'payments',
      podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/pods2`,
    });
    const p = await plan(
      { specs: [after] },
      account(st => {
        profiles(st).push(managedLive(before));
        st.roles.push({ ...st.roles[0]!, name: 'pods2' });
      }),
      options,
    );
    const o = only(p, 'replace');
    expect(o).toMatchObject({ profile: 'payments', replaces: 'payments' });
    expect(o.order).toEqual({ kind: 'delete-before-create', why: { code: 'fixed-name', name: 'payments' } });
    expect(o.reason).toEqual({ code: 'fields-changed', fields: ['podExecutionRoleArn'] });
  });

  it('deletes a managed profile whose spec is gone, and never an unmanaged one', async () => {
    const gone = spec('old-jobs');
    const p = await plan(
      { specs: [spec('payments')] },
      account(st => profiles(st).push(managedLive(gone))),
      options,
    );
    expect(only(p, 'delete-profile')).toMatchObject({
      profile: profileNameFor(gone),
      spec: 'old-jobs',
      reason: { code: 'spec-removed', lastDeleteFailed: false },
    });
    expect(only(p, 'unmanaged')).toMatchObject({
      profile: 'handmade',
      reason: { code: 'not-managed' },
      before: { status: 'ACTIVE' },
    });
  });

  it('deletes the managed profiles of a cluster named in options.clusters even when no spec is left for it', async () => {
    const gone = spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] });
    const p = await plan(
      { specs: [] },
      account(st => profiles(st, 'staging').push(managedLive(gone))),
      { ...options, clusters: [{ region: REGION, name: 'staging' }] },
    );
    expect(only(p, 'delete-profile', 'staging').profile).toBe(profileNameFor(gone));
  });

  it('adopts an unmanaged profile by tagging it when its immutable fields equal the spec', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a'],
      selectors: [{ namespace: 'legacy', labels: {} }],
      tags: {},
    });
    const p = await plan({ specs: [s] }, account(), options);
    const o = only(p, 'adopt-in-place');
    expect(o).toMatchObject({ profile: 'handmade', reason: { code: 'immutable-fields-equal' } });
    expect(o).not.toHaveProperty('replaces');
    expect(o.tags.set).toMatchObject({ [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'legacy' });
    expect(opsOf(p).filter(x => x.op === 'unmanaged')).toEqual([]);
    expect(p.summary).toMatchObject({ 'adopt-in-place': 1, 'adopt-by-replace': 0 });
  });

  it('keeps an adopted profile under its adopted name on the next plan', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a'],
      selectors: [{ namespace: 'legacy', labels: {} }],
      tags: {},
    });
    const p = await plan(
      { specs: [s] },
      account(st => (profiles(st)[0]!.tags = desiredTagsFor(s))),
      options,
    );
    expect(only(p, 'no-op').profile).toBe('handmade');
  });

  it('does not warn about a missing adopt target once the spec has its own profile (adopted and replaced before)', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [{ namespace: 'legacy', labels: {} }],
    });
    const withoutHandmade = (st: SimState) => profiles(st).splice(0, profiles(st).length);
    const same = await plan(
      { specs: [s] },
      account(st => {
        withoutHandmade(st);
        profiles(st).push(managedLive(s));
      }),
      options,
    );
    expect(only(same, 'no-op').profile).toBe(profileNameFor(s));
    const edited = spec('legacy', { ...s, selectors: [{ namespace: 'legacy', labels: { tier: 'x' } }] });
    const replaced = await plan(
      { specs: [edited] },
      account(st => {
        withoutHandmade(st);
        profiles(st).push(managedLive(s));
      }),
      options,
    );
    expect(only(replaced, 'replace').replaces).toBe(profileNameFor(s));
    const going = await plan(
      { specs: [s] },
      account(st => {
        withoutHandmade(st);
        profiles(st).push(
          managedLive(s, { name: 'legacy-old', status: 'DELETING' }),
          managedLive(s, { status: 'CREATING' }),
        );
      }),
      options,
    );
    // Its own profile is CREATING: waited for until ACTIVE (the old `noop` that waited for itself).
    expect(onlyWait(going, 'active')).toMatchObject({ profile: profileNameFor(s), reason: { code: 'creating' } });
    // Its own profile is being deleted (an interrupted run): created again under the same name, still no warning.
    const recreated = await plan(
      { specs: [s] },
      account(st => {
        withoutHandmade(st);
        profiles(st).push(managedLive(s, { status: 'DELETING' }));
      }),
      options,
    );
    expect(only(recreated, 'create')).toMatchObject({
      profile: profileNameFor(s),
      waitsFor: { profile: profileNameFor(s), status: 'DELETING' },
      reason: { code: 'new-spec' },
    });
    for (const p of [same, replaced, going, recreated]) expect(codes(p)).not.toContain('plan.adopt-not-found');
  });

  it('adopts by replacement when the immutable fields differ, and says which', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [{ namespace: 'legacy', labels: {} }],
    });
    const p = await plan({ specs: [s] }, account(), options);
    const o = only(p, 'adopt-by-replace');
    expect(o).toMatchObject({
      profile: profileNameFor(s),
      replaces: 'handmade',
      reason: { code: 'fields-changed', fields: ['subnets'] },
    });
    expect(o.order).toEqual({ kind: 'create-before-delete' });
  });

  it('warns when the profile to adopt does not exist, and creates one', async () => {
    const p = await plan({ specs: [spec('legacy', { adopt: 'nothing-here' })] }, account(), options);
    expect(only(p, 'create').reason).toEqual({ code: 'adopt-target-missing', adopt: 'nothing-here' });
    expect(p.diagnostics.find(d => d.code === 'plan.adopt-not-found')?.message).toBe(
      'Spec `legacy` adopts `nothing-here`, which does not exist in `prod-eu`; a new profile is created.',
    );
  });

  it('refuses to adopt a profile of another spec, and keeps its own profile as it is', async () => {
    const other = spec('other', { selectors: [{ namespace: 'o', labels: {} }] });
    const mineBefore = spec('legacy', { subnets: ['subnet-a'] });
    const p = await plan(
      { specs: [other, spec('legacy', { adopt: profileNameFor(other) })] },
      account(st => profiles(st).push(managedLive(other), managedLive(mineBefore))),
      options,
    );
    expect(p.diagnostics.find(d => d.code === 'plan.adopt-conflict')).toMatchObject({
      severity: 'error',
      profile: 'legacy',
    });
    expect(opsOf(p).map(o => [o.op, nameOf(o)])).toEqual([
      ['no-op', profileNameFor(other)],
      ['unmanaged', 'handmade'],
    ]);
  });

  it('refuses a name taken by a profile that is not the spec’s', async () => {
    const p = await plan({ specs: [spec('legacy', { profileName: 'handmade' })] }, account(), options);
    expect(opsOf(p).filter(o => o.op !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.name-taken')).toMatchObject({
      severity: 'error',
      profile: 'legacy',
    });
  });
});

describe('plan: failed and in-flight profiles', () => {
  it('deletes and recreates a managed CREATE_FAILED profile (delete first: it serves no pods)', async () => {
    const s = spec('payments');
    const failed = managedLive(s, {
      status: 'CREATE_FAILED',
      health: [{ code: 'AccessDenied', message: 'role cannot be assumed' }],
    });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(failed)),
      options,
    );
    const o = only(p, 'replace');
    expect(o).toMatchObject({
      profile: failed.name,
      replaces: failed.name,
      order: {
        kind: 'delete-before-create',
        why: { code: 'old-failed', profile: failed.name, status: 'CREATE_FAILED' },
      },
      reason: { code: 'failed', status: 'CREATE_FAILED' },
    });
    expect(o.before.health).toEqual([{ code: 'AccessDenied', message: 'role cannot be assumed' }]);
    expect(codes(p)).not.toContain('plan.replace-downtime');
  });

  it('retries the delete of a DELETE_FAILED profile whose spec is gone, with its health issues as a warning', async () => {
    const gone = managedLive(spec('old'), {
      status: 'DELETE_FAILED',
      health: [{ code: 'PodEvictionFailure', message: 'pods would not leave' }],
    });
    const p = await plan(
      { specs: [] },
      account(st => profiles(st).push(gone)),
      { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
    );
    expect(only(p, 'delete-profile').reason).toEqual({ code: 'spec-removed', lastDeleteFailed: true });
    expect(p.diagnostics.find(d => d.code === 'plan.delete-failed')?.message).toBe(
      `Profile \`${gone.name}\` failed to delete before: PodEvictionFailure: pods would not leave; the delete is retried.`,
    );
  });

  it('keeps a CREATING profile that matches its spec and makes the operation wait for it', async () => {
    const s = spec('payments');
    const creating = managedLive(s, {
      status: 'CREATING',
      transition: { to: 'ACTIVE', at: '2100-01-01T00:00:00.000Z' },
    });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(creating)),
      options,
    );
    expect(only(p, 'wait')).toMatchObject({
      until: 'active',
      profile: creating.name,
      spec: 'payments',
      reason: { code: 'creating' },
    });
    expect(p.hasChanges).toBe(false); // waiting for an earlier run's create changes nothing
    expect(p.diagnostics.find(d => d.code === 'plan.in-flight')).toMatchObject({
      severity: 'warning',
      profile: 'payments',
    });
  });

  const deletingOf = (s: ProfileSpec) =>
    managedLive(s, { status: 'DELETING', transition: { to: 'DELETED', at: '2100-01-01T00:00:00.000Z' } });
  const ourRole = (name: string) => ({
    name,
    assumeRolePolicy: { Version: '2012-10-17', Statement: [] },
    tags: { [MANAGED_BY_TAG]: 'fargatekeeper' },
    attachedPolicyArns: [],
  });

  it('waits for a managed DELETING profile whose spec is gone, and deletes its default role after it', async () => {
    const old = spec('old', { podExecutionRoleArn: undefined });
    const going = deletingOf(old);
    const role = defaultRoleName(REGION, 'prod-eu', 'old');
    const p = await plan(
      { specs: [spec('payments')] },
      account(st => {
        profiles(st).push(going);
        st.roles.push(ourRole(role));
      }),
      options,
    );
    expect(only(p, 'wait')).toMatchObject({
      until: 'deleted',
      profile: going.name,
      spec: 'old',
      reason: { code: 'spec-removed', lastDeleteFailed: false },
      deletesRole: { name: role, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, spec: 'old' },
    });
    expect(opsOf(p).filter(o => o.op === 'delete-profile')).toEqual([]);
    expect(codes(p)).not.toContain('plan.deleting');
  });

  it('waits for the DELETING old profile of an interrupted replacement once its successor exists', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-b'] });
    const p = await plan(
      { specs: [after] },
      account(st => profiles(st).push(deletingOf(before), managedLive(after))),
      options,
    );
    expect(only(p, 'no-op').profile).toBe(profileNameFor(after));
    expect(only(p, 'wait')).toMatchObject({
      until: 'deleted',
      profile: profileNameFor(before),
      spec: 'payments',
      reason: { code: 'replacement-leftover' },
    });
  });

  it('lets a create of the same name wait for a DELETING profile itself (an info, no delete)', async () => {
    const s = spec('payments', { profileName: 'payments' });
    const going = deletingOf(s);
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(going)),
      options,
    );
    expect(only(p, 'create')).toMatchObject({
      profile: 'payments',
      waitsFor: { profile: 'payments', status: 'DELETING' },
    });
    expect(deletesOf(p)).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.deleting')).toMatchObject({
      severity: 'info',
      profile: 'payments',
    });
  });

  it('leaves an unmanaged DELETING profile alone', async () => {
    const going = { ...deletingOf(spec('other')), name: 'someone-elses', tags: {} };
    const p = await plan(
      { specs: [spec('payments')] },
      account(st => profiles(st).push(going)),
      options,
    );
    expect(
      opsOf(p)
        .filter(o => nameOf(o) === 'someone-elses')
        .map(o => o.op),
    ).toEqual(['unmanaged']);
  });

  it('keeps the default role of a DELETING profile while deletes are held back', async () => {
    const old = spec('old', { podExecutionRoleArn: undefined });
    const parseError: Diagnostic = {
      severity: 'error',
      code: 'spec.yaml',
      message: 'bad indentation',
      source: { file: 'fargate/x.yaml', line: 3, column: 1 },
    };
    const p = await plan(
      {
        specs: [spec('payments')],
        failed: [{ file: 'fargate/x.yaml', diagnostics: [parseError] }],
        diagnostics: [parseError],
      },
      account(st => {
        profiles(st).push(deletingOf(old));
        st.roles.push(ourRole(defaultRoleName(REGION, 'prod-eu', 'old')));
      }),
      options,
    );
    expect(deletesOf(p)).toEqual([]);
    expect(p.summary.roleDeletes).toBe(0);
    expect(p.diagnostics.find(d => d.code === 'plan.deleting')).toMatchObject({
      severity: 'info',
      profile: deletingOf(old).name,
    });
  });

  it('deletes a leftover of an interrupted replacement once the new profile exists', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-b'] });
    const p = await plan(
      { specs: [after] },
      account(st => profiles(st).push(managedLive(before), managedLive(after))),
      options,
    );
    expect(only(p, 'no-op').profile).toBe(profileNameFor(after));
    expect(only(p, 'delete-profile')).toMatchObject({
      profile: profileNameFor(before),
      spec: 'payments',
      reason: { code: 'replacement-leftover' },
    });
  });
});

describe('plan: default pod execution role', () => {
  it('creates the default role with the first profile that needs it', async () => {
    const s = spec('payments', { podExecutionRoleArn: undefined });
    const p = await plan({ specs: [s] }, account(), options);
    const name = defaultRoleName(REGION, 'prod-eu', 'payments');
    const o = only(p, 'create');
    expect(o.after.podExecutionRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`);
    expect(o.createsRole).toEqual({
      name,
      arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`,
      spec: 'payments',
    });
  });

  it('deletes our default role with the profile of a removed spec, never a role we did not create', async () => {
    const ours = spec('jobs', { podExecutionRoleArn: undefined });
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const role = {
      name,
      assumeRolePolicy: { Version: '2012-10-17', Statement: [] },
      tags: { [MANAGED_BY_TAG]: 'fargatekeeper' },
      attachedPolicyArns: [],
    };
    const p = await plan(
      { specs: [] },
      account(st => {
        profiles(st).push(managedLive(ours));
        st.roles.push(role);
      }),
      { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
    );
    expect(only(p, 'delete-profile').deletesRole).toEqual({
      name,
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      spec: 'jobs',
    });
    expect(p.summary.roleDeletes).toBe(1);

    const foreign = await plan(
      { specs: [] },
      account(st => {
        profiles(st).push(managedLive(ours));
        st.roles.push({ ...role, tags: {} });
      }),
      { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
    );
    expect(only(foreign, 'delete-profile').deletesRole).toBeUndefined();
    expect(opsOf(foreign).filter(o => o.op === 'delete-role')).toEqual([]);
  });

  describe('a default role left behind (its profile gone, no spec wants it)', () => {
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const trust = { Version: '2012-10-17', Statement: [] };
    const ours = { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'jobs', [CLUSTER_TAG]: 'prod-eu' };
    const leftover = (overrides: Partial<SimState['roles'][number]> = {}) => ({
      name,
      path: DEFAULT_ROLE_PATH,
      assumeRolePolicy: trust,
      tags: ours,
      attachedPolicyArns: [],
      ...overrides,
    });
    const planWith = (roles: SimState['roles'], specs: ProfileSpec[] = [], mutate: (st: SimState) => void = () => {}) =>
      plan(
        { specs },
        account(st => {
          st.roles.push(...roles);
          mutate(st);
        }),
        { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
      );
    const roleOperations = (p: Plan) => opsOf(p).filter(o => o.op === 'delete-role');

    it('is planned for deletion on its own, and the plan counts it', async () => {
      const p = await planWith([leftover()]);
      expect(roleOperations(p)).toEqual([
        {
          op: 'delete-role',
          id: `${REGION}/prod-eu/delete-role/${name}`,
          region: REGION,
          cluster: 'prod-eu',
          spec: 'jobs',
          role: { name, arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`, spec: 'jobs' },
          reason: { code: 'role-leftover' },
        },
      ]);
      expect(p.summary).toMatchObject({ 'delete-role': 1, 'delete-profile': 0, roleDeletes: 1 });
      expect(p.hasChanges).toBe(true);
    });

    it('is left alone when it is not tagged as ours, is outside the path, serves another cluster, or is named for another spec', async () => {
      for (const role of [
        leftover({ tags: { [SPEC_TAG]: 'jobs', [CLUSTER_TAG]: 'prod-eu' } }),
        leftover({ path: '/other/' }),
        leftover({ path: undefined }),
        leftover({ tags: { ...ours, [CLUSTER_TAG]: 'prod-us' } }),
        leftover({ tags: { ...ours, [SPEC_TAG]: 'batch' } }),
      ]) {
        const p = await planWith([role]);
        expect({ role, operations: roleOperations(p) }).toEqual({ role, operations: [] });
      }
    });

    it('is kept while a spec wants it or a profile uses it', async () => {
      const wanting = await planWith([leftover()], [spec('jobs', { podExecutionRoleArn: undefined })]);
      expect(roleOperations(wanting)).toEqual([]);
      const arn = `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`;
      const used = await planWith([leftover()], [], st =>
        profiles(st).push({ ...managedLive(spec('other')), podExecutionRoleArn: arn, tags: {} }),
      );
      expect(roleOperations(used)).toEqual([]);
    });

    it('makes the fingerprint change', async () => {
      const without = await planWith([]);
      const withRole = await planWith([leftover()]);
      expect(withRole.fingerprint).not.toBe(without.fingerprint);
    });

    it('is not looked for when the roles cannot be listed: a warning says so', async () => {
      const p = await plan(
        { specs: [] },
        account(
          st => st.roles.push(leftover()),
          [{ type: 'error', api: 'ListRoles', name: 'AccessDenied', message: 'no', statusCode: 403, times: 10 }],
        ),
        {
          ...options,
          clusters: [{ region: REGION, name: 'prod-eu' }],
        },
      );
      expect(roleOperations(p)).toEqual([]);
      expect(p.diagnostics.find(d => d.code === 'plan.read-failed')).toMatchObject({
        severity: 'warning',
        message: expect.stringContaining('/fargatekeeper/'),
      });
    });
  });

  it('keeps a default role made before default roles had their path: its profile is not replaced', async () => {
    const s = spec('jobs', { podExecutionRoleArn: undefined });
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const p = await plan(
      { specs: [s] },
      account(st => {
        profiles(st).push(managedLive(s));
        st.roles.push({
          name,
          assumeRolePolicy: { Version: '2012-10-17', Statement: [] },
          tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'jobs' },
          attachedPolicyArns: [],
        });
      }),
      options,
    );
    expect(
      opsOf(p)
        .filter(o => o.op !== 'unmanaged')
        .map(o => o.op),
    ).toEqual(['no-op']);
  });
});

describe('plan: errors make it careful', () => {
  const denied = (api: 'GetCallerIdentity' | 'GetRole') => ({
    type: 'error' as const,
    api,
    name: 'AccessDenied',
    message: 'no',
    statusCode: 403,
    times: 10,
  });

  it('keeps the profile of a spec whose default role cannot be named (no account id)', async () => {
    const batch = spec('batch', { podExecutionRoleArn: undefined });
    const p = await plan(
      { specs: [batch] },
      account(st => profiles(st).push(managedLive(batch)), [denied('GetCallerIdentity')]),
      options,
    );
    expect(opsOf(p).filter(o => o.op !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.account-id')).toMatchObject({
      severity: 'error',
      cluster: 'prod-eu',
      profile: 'batch',
    });
  });

  it('plans no operation for a spec whose default role cannot be read, and deletes no role it cannot read', async () => {
    const gone = spec('old', { podExecutionRoleArn: undefined });
    const p = await plan(
      { specs: [spec('batch', { podExecutionRoleArn: undefined })] },
      account(st => profiles(st).push(managedLive(gone)), [denied('GetRole')]),
      options,
    );
    expect(opsOf(p).filter(o => o.op === 'create')).toEqual([]);
    expect(only(p, 'delete-profile').deletesRole).toBeUndefined();
    expect(opsOf(p).filter(o => o.op === 'delete-role')).toEqual([]);
    expect(p.diagnostics.filter(d => d.code === 'plan.read-failed').map(d => [d.severity, d.profile])).toEqual([
      ['error', 'batch'],
      ['warning', undefined],
    ]);
  });

  it('gives a spec with errors no operation and keeps its live profile', async () => {
    const bad = spec('payments', {
      selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}`, labels: {} })),
    });
    const live = managedLive(spec('payments'));
    const p = await plan(
      { specs: [bad] },
      account(st => profiles(st).push(live)),
      options,
    );
    expect(opsOf(p).filter(o => o.op !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.some(d => d.severity === 'error' && d.profile === 'payments')).toBe(true);
  });

  it('holds back every delete when a spec file failed to parse (the spec may only look removed)', async () => {
    const gone = managedLive(spec('old'));
    const parseError: Diagnostic = {
      severity: 'error',
      code: 'spec.yaml',
      message: 'bad indentation',
      source: { file: 'fargate/old.yaml', line: 3, column: 1 },
    };
    const p = await plan(
      {
        specs: [spec('payments')],
        failed: [{ file: 'fargate/old.yaml', diagnostics: [parseError] }],
        diagnostics: [parseError],
      },
      account(st => profiles(st).push(gone)),
      options,
    );
    expect(deletesOf(p)).toEqual([]);
    only(p, 'create');
    expect(p.diagnostics.find(d => d.code === 'plan.delete-held-back')?.message).toBe(
      `Profile \`${gone.name}\` (spec \`old\`) is not deleted: spec files have errors (fargate/old.yaml:3), so a spec that looks removed may only have failed to parse.`,
    );
    expect(p.diagnostics).toContainEqual(parseError);
  });

  it('keeps just the profile of a spec that parsed with errors, and deletes a removed one (same file)', async () => {
    const doc = (name: string, extra = '') =>
      `apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: ${name}\nspec:\n  cluster: prod-eu\n` +
      `  podExecutionRoleArn: ${ROLE_ARN}\n  subnets: [subnet-a, subnet-b]\n  selectors:\n    - namespace: ${name}\n${extra}`;
    // `payments` has a typo; `old` was removed from the file; `jobs` is fine.
    const parsed = parseSpecFiles([
      { path: 'fargate/team.yaml', content: `${doc('payments', '  tgas: {}\n')}---\n${doc('jobs')}` },
    ]);
    expect(parsed.diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.profile, d.cluster])).toEqual([
      ['spec.unknown-field', 'payments', 'prod-eu'],
    ]);
    const [jobs] = parsed.specs;
    const payments = managedLive(spec('payments', { selectors: [{ namespace: 'payments', labels: {} }], tags: {} }));
    const old = managedLive(spec('old'));
    // A profile of another spec called `payments` in another cluster is not protected by the broken one.
    const elsewhere = managedLive(spec('payments', { cluster: 'staging', subnets: ['subnet-a'] }));
    // The ParseResult is the plan's input as it is.
    const p = await plan(
      parsed,
      account(st => {
        profiles(st).push(managedLive(jobs!), payments, old);
        profiles(st, 'staging').push(elsewhere);
      }),
      { ...options, clusters: [{ region: REGION, name: 'staging' }] },
    );
    expect(
      opsOf(p)
        .filter(o => o.op !== 'unmanaged')
        .map(o => [o.op, nameOf(o)]),
    ).toEqual([
      ['delete-profile', old.name],
      ['no-op', profileNameFor(jobs!)],
    ]);
    expect(opsOf(p, 'staging').map(o => [o.op, nameOf(o)])).toEqual([['delete-profile', elsewhere.name]]);
    expect(codes(p)).not.toContain('plan.delete-held-back');
    expect(p.diagnostics.find(d => d.code === 'plan.kept-spec-errors')).toMatchObject({
      severity: 'warning',
      cluster: 'prod-eu',
      profile: payments.name,
      message: `Profile \`${payments.name}\` (spec \`payments\`) is kept as it is: the spec has errors.`,
    });
  });

  it('keeps the profiles of specs that failed to parse but name themselves', async () => {
    const gone = managedLive(spec('old'));
    const p = await plan(
      {
        specs: [spec('payments')],
        failed: [{ file: 'fargate/old.yaml', name: 'old', cluster: 'prod-eu', diagnostics: [] }],
      },
      account(st => profiles(st).push(gone)),
      options,
    );
    expect(deletesOf(p)).toEqual([]);
  });

  it('plans the other clusters when one cannot be planned', async () => {
    const p = await plan(
      {
        specs: [spec('payments', { cluster: 'nowhere' }), spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] })],
      },
      account(),
      options,
    );
    expect(p.clusters.map(c => c.cluster)).toEqual(['nowhere', 'staging']);
    expect(p.clusters[0]).toMatchObject({
      cluster: 'nowhere',
      operations: [],
      blockedReason: 'cluster `nowhere` not found in eu-west-1',
    });
    only(p, 'create', 'staging');
    expect(p.diagnostics.some(d => d.code === 'live.cluster-missing')).toBe(true);
  });
});

describe('plan: unreadable clusters', () => {
  it('reports a cluster whose profiles cannot be read and plans the others', async () => {
    const sim = SimulatedAccount.fromJSON(simState(), {
      clock: new VirtualClock(),
      faults: [
        {
          type: 'error',
          api: 'ListFargateProfiles',
          name: 'AccessDeniedException',
          message: 'not allowed',
          statusCode: 403,
        },
      ],
    });
    const p = await plan(
      { specs: [spec('payments'), spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] })] },
      sim,
      options,
    );
    expect(p.clusters[0]).toMatchObject({
      cluster: 'prod-eu',
      operations: [],
      blockedReason: 'AccessDeniedException: not allowed',
    });
    expect(p.diagnostics.find(d => d.code === 'plan.read-failed')).toMatchObject({
      severity: 'error',
      cluster: 'prod-eu',
      message: 'Cluster `prod-eu` (eu-west-1) could not be read: AccessDeniedException: not allowed.',
    });
    only(p, 'create', 'staging');
  });
});

describe('plan: clusters that are not ACTIVE', () => {
  it('plans nothing, not even deletes, on a cluster that is not ACTIVE', async () => {
    const gone = managedLive(spec('old'));
    const p = await plan(
      { specs: [spec('payments')] },
      account(st => {
        st.clusters[0]!.status = 'DELETING';
        profiles(st).push(gone);
      }),
      options,
    );
    expect(p.clusters[0]).toMatchObject({
      cluster: 'prod-eu',
      status: 'DELETING',
      operations: [],
      blockedReason: 'cluster `prod-eu` is DELETING, not ACTIVE',
    });
    expect(p.hasChanges).toBe(false);
  });
});

describe('plan: overlaps and the alphanumeric rule', () => {
  it('analyses overlaps on the cluster as it will be, unmanaged profiles included', async () => {
    const s = spec('a-legacy', { selectors: [{ namespace: 'leg*', labels: {} }] });
    const p = await plan({ specs: [s] }, account(), options);
    const overlap = p.diagnostics.find(d => d.code === 'overlap.selectors');
    expect(overlap?.message).toContain(`EKS picks \`${profileNameFor(s)}\``);
  });

  it('warns when a replacement’s new name changes which profile wins shared pods', async () => {
    const before = spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }] });
    const live = managedLive(before, { name: 'aaa-legacy' }); // an older naming: sorts before `handmade`
    const p = await plan(
      { specs: [spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }], subnets: ['subnet-a'] })] },
      account(st => profiles(st).push(live)),
      options,
    );
    only(p, 'replace');
    expect(p.diagnostics.find(d => d.code === 'plan.replace-changes-winner')?.message).toBe(
      `Replacing \`aaa-legacy\` by \`${profileNameFor(spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }], subnets: ['subnet-a'] }))}\` hands pods in \`legacy\`, which \`handmade\` also matches, to \`handmade\` (EKS takes the first by name).`,
    );
  });
});

describe('plan: a replacement’s new name among three profiles', () => {
  const legacy = (subnets: string[]) => spec('legacy2', { selectors: [{ namespace: 'leg*', labels: {} }], subnets });
  const handmade = (name: string, namespace: string) => ({
    name,
    status: 'ACTIVE' as const,
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a'],
    selectors: [{ namespace, labels: {} }],
    tags: {},
    createdAt: '2025-06-01T00:00:00.000Z',
  });
  const winnerNotes = (p: Plan) =>
    p.diagnostics.filter(d => d.code === 'plan.replace-changes-winner').map(d => d.message);

  it('says nothing when a third profile that sorts before both takes the shared pods either way', async () => {
    const live = managedLive(legacy(['subnet-a', 'subnet-b']), { name: 'aaa-legacy' });
    // `0-first` sorts before `aaa-legacy`, `handmade` and `legacy2-…`, and holds every pod they share.
    const p = await plan(
      { specs: [legacy(['subnet-a'])] },
      account(st => profiles(st).push(live, handmade('0-first', 'legacy'))),
      options,
    );
    only(p, 'replace');
    expect(winnerNotes(p)).toEqual([]);
  });

  it('names the pods that change hands, and leaves out those a profile sorting first takes', async () => {
    const live = managedLive(legacy(['subnet-a', 'subnet-b']), { name: 'aaa-legacy' });
    // `0-batch` sorts first and takes the batch pods of `legacy` from whoever else matches them.
    const batch = { ...handmade('0-batch', 'legacy'), selectors: [{ namespace: 'legacy', labels: { tier: 'batch' } }] };
    const p = await plan(
      { specs: [legacy(['subnet-a'])] },
      account(st => profiles(st).push(live, batch)),
      options,
    );
    const newName = profileNameFor(legacy(['subnet-a']));
    expect(winnerNotes(p)).toEqual([
      `Replacing \`aaa-legacy\` by \`${newName}\` hands pods in \`legacy\` (not those that also match \`0-batch\`), which \`handmade\` also matches, to \`handmade\` (EKS takes the first by name).`,
    ]);
  });
});

describe('plan: determinism, fingerprint and reads', () => {
  const specs = () => [
    spec('payments'),
    spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] }),
    spec('batch', { podExecutionRoleArn: undefined }),
  ];
  const seeded = (reverse: boolean) =>
    account(st => {
      const list = [
        managedLive(spec('old')),
        managedLive(spec('batch', { podExecutionRoleArn: undefined }), { subnets: ['subnet-b'] }),
      ];
      profiles(st).push(...(reverse ? list.reverse() : list));
      if (reverse) st.clusters.reverse();
    });

  it('gives identical JSON and fingerprint for the same inputs in another order', async () => {
    const a = await plan({ specs: specs() }, seeded(false), options);
    const b = await plan({ specs: [...specs()].reverse() }, seeded(true), options);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('is the same for every order of specs, subnets, labels, tags and live profiles', async () => {
    const variant = (seed: number) => {
      const rotate = <T>(items: T[]) => items.map((_, i) => items[(i + seed) % items.length]!);
      const specsNow = rotate(specs()).map(s => ({
        ...s,
        subnets: rotate(s.subnets),
        // Selectors keep their order (their paths point into the spec); labels inside them are a map.
        selectors: [...s.selectors, { namespace: `${s.name}-extra`, labels: { b: '2', a: '1', c: '3' } }].map(sel => ({
          ...sel,
          labels: Object.fromEntries(rotate(Object.entries(sel.labels))),
        })),
        tags: Object.fromEntries(rotate(Object.entries({ ...s.tags, cost: 'c1', owner: 'o1' }))),
      }));
      return plan({ specs: specsNow }, seeded(seed % 2 === 1), options);
    };
    const first = renderJsonOf(await variant(0));
    for (const seed of [1, 2, 3]) expect(renderJsonOf(await variant(seed))).toBe(first);
  });

  it('changes the fingerprint when a spec changes, not when it only moves in its file', async () => {
    const base = await plan({ specs: specs() }, seeded(false), options);
    const moved = await plan(
      { specs: specs().map(s => ({ ...s, source: { ...s.source, line: s.source.line + 10 } })) },
      seeded(false),
      options,
    );
    const retagged = await plan(
      { specs: specs().map(s => (s.name === 'payments' ? { ...s, tags: { team: 'other' } } : s)) },
      seeded(false),
      options,
    );
    expect(moved.fingerprint).toBe(base.fingerprint);
    expect(retagged.fingerprint).not.toBe(base.fingerprint);
  });

  it('changes the fingerprint when the live state changes what apply does, not when only times or unmanaged profiles do', async () => {
    const base = await plan({ specs: specs() }, seeded(false), options);
    // The simulator derives a profile's ARN from its creation time unless given one (a recreated profile gets a new ARN).
    const arn = `arn:aws:eks:${REGION}:${ACCOUNT}:fargateprofile/prod-eu/handmade/0000`;
    const tagged = await plan(
      { specs: specs() },
      account(st => Object.assign(profiles(st)[0]!, { arn, tags: { owner: 'someone' } })),
      options,
    );
    const retimed = await plan(
      { specs: specs() },
      account(st => Object.assign(profiles(st)[0]!, { arn, createdAt: '2020-01-01T00:00:00.000Z' })),
      options,
    );
    const plain = await plan(
      { specs: specs() },
      account(st => Object.assign(profiles(st)[0]!, { arn })),
      options,
    );
    // `handmade` is unmanaged: its tags and ARN change nothing apply does.
    expect(tagged.fingerprint).toBe(plain.fingerprint);
    expect(retimed.fingerprint).toBe(plain.fingerprint);
    expect(base.fingerprint).not.toBe(plain.fingerprint);
    // The live profile of `payments` with a stray tag: apply now removes it (a retag), a change of the change set.
    const drifted = await plan(
      { specs: specs() },
      account(st =>
        profiles(st).push(managedLive(spec('payments'), { tags: { ...desiredTagsFor(spec('payments')), extra: 'x' } })),
      ),
      options,
    );
    const inSync = await plan(
      { specs: specs() },
      account(st => profiles(st).push(managedLive(spec('payments')))),
      options,
    );
    expect(inSync.fingerprint).not.toBe(plain.fingerprint);
    expect(drifted.fingerprint).not.toBe(inSync.fingerprint);
  });

  it('reads every page of a long profile list', async () => {
    const state = simState();
    const many = Array.from({ length: 5 }, (_, i) =>
      managedLive(spec(`app-${i}`, { selectors: [{ namespace: `app-${i}`, labels: {} }] })),
    );
    profiles(state).push(...many);
    const sim = SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), pageSize: 2 });
    const p = await plan({ specs: [] }, sim, { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    expect(deletesOf(p)).toHaveLength(5);
    expect(p.clusters[0]!.liveProfiles).toBe(6);
    expect(sim.calls.ListFargateProfiles).toBe(3);
    expect(sim.calls.DescribeFargateProfile).toBe(6);
  });

  it('reads each cluster with one list and one describe per profile, and each object once', async () => {
    const sim = seeded(false);
    await plan({ specs: specs() }, sim, options);
    expect(sim.calls.ListFargateProfiles).toBe(2);
    expect(sim.calls.DescribeFargateProfile).toBe(3);
    expect(sim.calls.DescribeCluster).toBe(2);
  });
});

describe('plan: each operation kind, from spec and live state to its exact shape', () => {
  const at = (s: ProfileSpec) => ({ file: s.source.file, line: s.source.line, column: s.source.column });
  const id = (op: OperationKind, name: string) => `${REGION}/prod-eu/${op}/${name}`;
  const where = { region: REGION, cluster: 'prod-eu' };
  /** The desired state of `s`: what a create makes or an in-place operation leaves. */
  const desiredOf = (s: ProfileSpec, name = profileNameFor(s)) => ({
    name,
    podExecutionRoleArn:
      s.podExecutionRoleArn ??
      `arn:aws:iam::${ACCOUNT}:role${DEFAULT_ROLE_PATH}${defaultRoleName(REGION, s.cluster, s.name)}`,
    subnets: [...s.subnets].sort(),
    selectors: s.selectors,
    tags: desiredTagsFor(s),
  });
  /** A live profile as the plan shows it. */
  const stateOf = (p: SimProfile) => ({
    name: p.name,
    podExecutionRoleArn: p.podExecutionRoleArn,
    subnets: p.subnets,
    selectors: p.selectors,
    tags: p.tags,
    status: p.status,
    health: p.health ?? [],
  });
  const handmade = () => simState().clusters[0]!.profiles[0]!;
  const managedRole = (name: string, specName: string) => ({
    name,
    assumeRolePolicy: { Version: '2012-10-17', Statement: [] },
    tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: specName },
    attachedPolicyArns: [],
  });
  /** A live profile of `s` on the default role made before default roles had their path (its ARN has none). */
  const onDefaultRole = (s: ProfileSpec, overrides: Partial<SimProfile> = {}) =>
    managedLive({ ...s, podExecutionRoleArn: undefined }, overrides);
  const roleOf = (specName: string, path = '/') => {
    const name = defaultRoleName(REGION, 'prod-eu', specName);
    return { name, arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`, spec: specName };
  };
  const opsBut = (p: Plan, ...hidden: OperationKind[]) => opsOf(p).filter(o => !hidden.includes(o.op));

  it('create: a new spec, with the default role it needs', async () => {
    const s = spec('payments', { podExecutionRoleArn: undefined });
    const p = await plan({ specs: [s] }, account(), options);
    const name = profileNameFor(s);
    const after = desiredOf(s);
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'create',
        id: id('create', name),
        ...where,
        spec: 'payments',
        source: at(s),
        profile: name,
        after,
        fields: [
          { path: 'podExecutionRoleArn', after: after.podExecutionRoleArn, forcesReplacement: true },
          { path: 'subnets', after: ['subnet-a', 'subnet-b'], forcesReplacement: true },
          { path: 'selectors[0]', after: s.selectors[0], forcesReplacement: true },
          ...[HASH_TAG, MANAGED_BY_TAG, SPEC_TAG, 'team'].map(key => ({
            path: `tags.${key}`,
            after: after.tags[key],
            forcesReplacement: false,
          })),
        ],
        createsRole: roleOf('payments', DEFAULT_ROLE_PATH),
        reason: { code: 'new-spec' },
      },
    ]);
  });

  it('create: waits for a DELETING profile of the same name', async () => {
    const s = spec('payments', { profileName: 'payments' });
    const going = managedLive(s, { status: 'DELETING' });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(going)),
      options,
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      expect.objectContaining({
        op: 'create',
        id: id('create', 'payments'),
        profile: 'payments',
        waitsFor: { profile: 'payments', status: 'DELETING' },
        reason: { code: 'new-spec' },
      }),
    ]);
    expect(only(p, 'create')).not.toHaveProperty('createsRole');
  });

  it('create: the adopt target is missing', async () => {
    const s = spec('legacy', { adopt: 'nothing-here' });
    const p = await plan({ specs: [s] }, account(), options);
    const o = only(p, 'create');
    expect(o.reason).toEqual({ code: 'adopt-target-missing', adopt: 'nothing-here' });
    expect(o).not.toHaveProperty('waitsFor');
  });

  it('replace: create-before-delete onto the default role it creates, waiting for the old profile still CREATING', async () => {
    const before = spec('payments');
    const after = spec('payments', { podExecutionRoleArn: undefined });
    const old = managedLive(before, { status: 'CREATING' });
    const p = await plan(
      { specs: [after] },
      account(st => profiles(st).push(old)),
      options,
    );
    const name = profileNameFor(after);
    const expected = { ...stateOf(old) };
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'replace',
        id: id('replace', name),
        ...where,
        spec: 'payments',
        source: at(after),
        profile: name,
        replaces: old.name,
        before: expected,
        after: desiredOf(after),
        fields: diffProfiles(expected, desiredOf(after)),
        order: { kind: 'create-before-delete' },
        createsRole: roleOf('payments', DEFAULT_ROLE_PATH),
        waitsFor: { profile: old.name, status: 'CREATING' },
        reason: { code: 'fields-changed', fields: ['podExecutionRoleArn'] },
      },
    ]);
  });

  it('replace: delete-before-create for the quota, deleting the default role it leaves', async () => {
    const s = spec('payments');
    const old = onDefaultRole(s);
    const role = roleOf('payments');
    const p = await plan(
      { specs: [s] },
      account(st => {
        st.quotas = { fargateProfilesPerCluster: 2 };
        profiles(st).push(old);
        st.roles.push(managedRole(role.name, 'payments'));
      }),
      options,
    );
    const name = profileNameFor(s);
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'replace',
        id: id('replace', name),
        ...where,
        spec: 'payments',
        source: at(s),
        profile: name,
        replaces: old.name,
        before: stateOf(old),
        after: desiredOf(s),
        fields: diffProfiles(stateOf(old), desiredOf(s)),
        order: { kind: 'delete-before-create', why: { code: 'quota', quota: 2, inUse: 2 } },
        deletesRole: role,
        reason: { code: 'fields-changed', fields: ['podExecutionRoleArn'] },
      },
    ]);
  });

  it('replace: a failed old profile goes first, whatever its name', async () => {
    const s = spec('payments');
    const failed = managedLive(s, {
      status: 'DELETE_FAILED',
      health: [{ code: 'PodEvictionFailure', message: 'stuck' }],
    });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(failed)),
      options,
    );
    expect(only(p, 'replace')).toMatchObject({
      profile: failed.name,
      replaces: failed.name,
      order: {
        kind: 'delete-before-create',
        why: { code: 'old-failed', profile: failed.name, status: 'DELETE_FAILED' },
      },
      reason: { code: 'failed', status: 'DELETE_FAILED' },
    });
  });

  it('replace: the same derived name must go first', async () => {
    const s = spec('payments');
    // An older profile under the name the spec derives now, with other immutable fields (an edit reverted by hand).
    const stale = managedLive(s, { subnets: ['subnet-a'] });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(stale)),
      options,
    );
    expect(only(p, 'replace')).toMatchObject({
      profile: stale.name,
      replaces: stale.name,
      order: { kind: 'delete-before-create', why: { code: 'same-name', name: stale.name } },
      reason: { code: 'fields-changed', fields: ['subnets'] },
    });
  });

  it('adopt-in-place: an unmanaged profile with the spec’s immutable fields is tagged', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a'],
      selectors: [{ namespace: 'legacy', labels: {} }],
      tags: {},
    });
    const p = await plan({ specs: [s] }, account(), options);
    const before = stateOf(handmade());
    const after = desiredOf(s, 'handmade');
    expect(opsOf(p)).toEqual([
      {
        op: 'adopt-in-place',
        id: id('adopt-in-place', 'handmade'),
        ...where,
        spec: 'legacy',
        source: at(s),
        profile: 'handmade',
        before,
        after,
        fields: [HASH_TAG, MANAGED_BY_TAG, SPEC_TAG].map(key => ({
          path: `tags.${key}`,
          after: after.tags[key],
          forcesReplacement: false,
        })),
        tags: { set: desiredTagsFor(s), remove: [] },
        reason: { code: 'immutable-fields-equal' },
      },
    ]);
  });

  it('adopt-by-replace: an unmanaged profile with other immutable fields is replaced', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [{ namespace: 'legacy', labels: {} }],
    });
    const p = await plan({ specs: [s] }, account(), options);
    const name = profileNameFor(s);
    const before = stateOf(handmade());
    expect(opsOf(p)).toEqual([
      {
        op: 'adopt-by-replace',
        id: id('adopt-by-replace', name),
        ...where,
        spec: 'legacy',
        source: at(s),
        profile: name,
        replaces: 'handmade',
        before,
        after: desiredOf(s),
        fields: diffProfiles(before, desiredOf(s)),
        order: { kind: 'create-before-delete' },
        reason: { code: 'fields-changed', fields: ['subnets'] },
      },
    ]);
  });

  it('retag: tags changed on a profile still CREATING (apply waits for it)', async () => {
    const s = spec('payments', { tags: { team: 'payments' } });
    const live = managedLive(spec('payments'), { status: 'CREATING' });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(live)),
      options,
    );
    const after = desiredOf(s, live.name);
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'retag',
        id: id('retag', live.name),
        ...where,
        spec: 'payments',
        source: at(s),
        profile: live.name,
        before: stateOf(live),
        after,
        fields: diffProfiles(stateOf(live), after),
        tags: { set: { [HASH_TAG]: after.tags[HASH_TAG], team: 'payments' }, remove: [] },
        waitsFor: { profile: live.name, status: 'CREATING' },
        reason: { code: 'fields-changed', fields: ['tags.team'] },
      },
    ]);
  });

  it('delete-profile: a removed spec’s profile, with its default role', async () => {
    const gone = spec('jobs');
    const live = onDefaultRole(gone);
    const role = roleOf('jobs');
    const p = await plan(
      { specs: [] },
      account(st => {
        profiles(st).push(live);
        st.roles.push(managedRole(role.name, 'jobs'));
      }),
      { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'delete-profile',
        id: id('delete-profile', live.name),
        ...where,
        spec: 'jobs',
        profile: live.name,
        before: stateOf(live),
        deletesRole: role,
        ownership: 'managed',
        reason: { code: 'spec-removed', lastDeleteFailed: false },
      },
    ]);
  });

  it('delete-profile: an adopted profile already replaced, once its successor is ACTIVE', async () => {
    const s = spec('legacy', {
      adopt: 'handmade',
      subnets: ['subnet-a', 'subnet-b'],
      selectors: [{ namespace: 'legacy', labels: {} }],
    });
    const own = managedLive(s);
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(own)),
      options,
    );
    expect(opsOf(p).map(o => o.op)).toEqual(['delete-profile', 'no-op']);
    expect(only(p, 'delete-profile')).toEqual({
      op: 'delete-profile',
      id: id('delete-profile', 'handmade'),
      ...where,
      spec: 'legacy',
      profile: 'handmade',
      before: stateOf(handmade()),
      successor: own.name,
      ownership: 'adopted',
      reason: { code: 'adopted-and-replaced', by: own.name },
    });
  });

  it('delete-profile: a CREATE_FAILED leftover beside the spec’s profile', async () => {
    const s = spec('payments');
    const health = [{ code: 'AccessDenied', message: 'role cannot be assumed' }];
    const failed = managedLive(spec('payments', { subnets: ['subnet-a'] }), { status: 'CREATE_FAILED', health });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(managedLive(s), failed)),
      options,
    );
    expect(only(p, 'delete-profile')).toEqual({
      op: 'delete-profile',
      id: id('delete-profile', failed.name),
      ...where,
      spec: 'payments',
      profile: failed.name,
      before: stateOf(failed),
      successor: profileNameFor(s),
      ownership: 'managed',
      reason: { code: 'create-failed', health },
    });
  });

  it('delete-role: a default role left alone, no profile with it', async () => {
    const role = roleOf('jobs', DEFAULT_ROLE_PATH);
    const p = await plan(
      { specs: [] },
      account(st =>
        st.roles.push({
          ...managedRole(role.name, 'jobs'),
          path: DEFAULT_ROLE_PATH,
          tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'jobs', [CLUSTER_TAG]: 'prod-eu' },
        }),
      ),
      {
        ...options,
        clusters: [{ region: REGION, name: 'prod-eu' }],
      },
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'delete-role',
        id: id('delete-role', role.name),
        ...where,
        spec: 'jobs',
        role,
        reason: { code: 'role-leftover' },
      },
    ]);
    expect(p.summary).toMatchObject({ 'delete-role': 1, roleDeletes: 1 });
  });

  it('wait until active: the spec’s profile is still CREATING and as it should be', async () => {
    const s = spec('payments');
    const creating = managedLive(s, { status: 'CREATING' });
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(creating)),
      options,
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'wait',
        id: id('wait', creating.name),
        ...where,
        spec: 'payments',
        profile: creating.name,
        before: stateOf(creating),
        until: 'active',
        after: desiredOf(s),
        source: at(s),
        reason: { code: 'creating' },
      },
    ]);
    expect(p.summary).toMatchObject({ wait: 1, 'no-op': 0 });
  });

  it('wait until deleted: a removed spec’s profile already DELETING, taking its default role after it', async () => {
    const gone = spec('old');
    const going = onDefaultRole(gone, { status: 'DELETING' });
    const role = roleOf('old');
    const p = await plan(
      { specs: [] },
      account(st => {
        profiles(st).push(going);
        st.roles.push(managedRole(role.name, 'old'));
      }),
      { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] },
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'wait',
        id: id('wait', going.name),
        ...where,
        spec: 'old',
        profile: going.name,
        before: stateOf(going),
        until: 'deleted',
        deletesRole: role,
        reason: { code: 'spec-removed', lastDeleteFailed: false },
      },
    ]);
    expect(p.summary).toMatchObject({ wait: 1, 'delete-profile': 0, roleDeletes: 1 });
  });

  it('no-op: the spec’s profile is as it should be', async () => {
    const s = spec('payments');
    const live = managedLive(s);
    const p = await plan(
      { specs: [s] },
      account(st => profiles(st).push(live)),
      options,
    );
    expect(opsBut(p, 'unmanaged')).toEqual([
      {
        op: 'no-op',
        id: id('no-op', live.name),
        ...where,
        spec: 'payments',
        source: at(s),
        profile: live.name,
        before: stateOf(live),
        after: desiredOf(s),
        reason: { code: 'up-to-date' },
      },
    ]);
  });

  it('unmanaged: a profile fargatekeeper does not manage, in any state', async () => {
    const p = await plan(
      { specs: [] },
      account(st => profiles(st).push({ ...handmade(), name: 'other', status: 'CREATE_FAILED' })),
      {
        ...options,
        clusters: [{ region: REGION, name: 'prod-eu' }],
      },
    );
    expect(opsOf(p)).toEqual([
      {
        op: 'unmanaged',
        id: id('unmanaged', 'handmade'),
        ...where,
        profile: 'handmade',
        before: stateOf(handmade()),
        reason: { code: 'not-managed' },
      },
      {
        op: 'unmanaged',
        id: id('unmanaged', 'other'),
        ...where,
        profile: 'other',
        before: stateOf({ ...handmade(), name: 'other', status: 'CREATE_FAILED' }),
        reason: { code: 'not-managed' },
      },
    ]);
    expect(p.hasChanges).toBe(false);
  });
});

describe('plan: what failed to parse holds back (by the parse outcome, not by its diagnostics)', () => {
  const old = (cluster: string) => managedLive(spec('old', { cluster, subnets: ['subnet-a'] }));
  const gone = managedLive(spec('gone', { cluster: 'staging', subnets: ['subnet-a'] }));
  const both = [
    { region: REGION, name: 'prod-eu' },
    { region: REGION, name: 'staging' },
  ];
  const planWith = (failed: PlanInput['failed']) =>
    plan(
      { specs: [spec('payments')], ...(failed ? { failed } : {}) },
      account(st => {
        profiles(st).push(old('prod-eu'));
        profiles(st, 'staging').push(old('staging'), gone);
      }),
      { ...options, clusters: both },
    );
  const deleted = (p: Plan, cluster: string) => deletesOf(p, cluster).map(nameOf).sort();
  /** Profiles a diagnostic of `code` is about, per cluster. */
  const about = (p: Plan, code: string) => p.diagnostics.filter(d => d.code === code).map(d => [d.cluster, d.profile]);

  it('deletes what no spec wants when nothing failed', async () => {
    const p = await planWith(undefined);
    expect(deleted(p, 'prod-eu')).toEqual([old('prod-eu').name]);
    expect(deleted(p, 'staging')).toEqual([gone.name, old('staging').name].sort());
  });

  it('a failed document with a name and a cluster keeps that spec’s profiles in that cluster only', async () => {
    const p = await planWith([
      { file: 'fargate/old.yaml', document: 0, name: 'old', cluster: 'prod-eu', diagnostics: [] },
    ]);
    expect(deleted(p, 'prod-eu')).toEqual([]);
    expect(deleted(p, 'staging')).toEqual([gone.name, old('staging').name].sort());
    expect(about(p, 'plan.kept-spec-errors')).toEqual([['prod-eu', old('prod-eu').name]]);
    expect(codes(p)).not.toContain('plan.delete-held-back');
  });

  it('a failed document with a name but no cluster keeps that spec’s profiles in every cluster', async () => {
    const p = await planWith([{ file: 'fargate/old.yaml', document: 0, name: 'old', diagnostics: [] }]);
    expect(deleted(p, 'prod-eu')).toEqual([]);
    expect(deleted(p, 'staging')).toEqual([gone.name]);
    expect(about(p, 'plan.kept-spec-errors')).toEqual([
      ['prod-eu', old('prod-eu').name],
      ['staging', old('staging').name],
    ]);
    expect(codes(p)).not.toContain('plan.delete-held-back');
  });

  it('a failed document without a name holds back the deletes of its cluster', async () => {
    const p = await planWith([{ file: 'fargate/broken.yaml', document: 0, cluster: 'staging', diagnostics: [] }]);
    expect(deleted(p, 'prod-eu')).toEqual([old('prod-eu').name]);
    expect(deleted(p, 'staging')).toEqual([]);
    expect(about(p, 'plan.delete-held-back').sort()).toEqual(
      [
        ['staging', gone.name],
        ['staging', old('staging').name],
      ].sort(),
    );
    expect(p.summary.roleDeletes).toBe(0);
  });

  it('a failed document without a name or a cluster holds back every delete', async () => {
    const p = await planWith([{ file: 'fargate/broken.yaml', diagnostics: [] }]);
    expect(deleted(p, 'prod-eu')).toEqual([]);
    expect(deleted(p, 'staging')).toEqual([]);
    expect(about(p, 'plan.delete-held-back').sort()).toEqual(
      [
        ['prod-eu', old('prod-eu').name],
        ['staging', gone.name],
        ['staging', old('staging').name],
      ].sort(),
    );
    // What is not a delete still goes ahead.
    only(p, 'create');
  });

  it('takes a ParseResult as it is: a file YAML cannot read names nothing, so every delete is held back', async () => {
    const parsed = parseSpecFiles([{ path: 'fargate/broken.yaml', content: 'metadata: {name: old\nspec: [' }]);
    expect(parsed.specs).toEqual([]);
    expect(parsed.failed.map(f => [f.file, f.name, f.cluster])).toEqual([
      ['fargate/broken.yaml', undefined, undefined],
    ]);
    const p = await plan(
      parsed,
      account(st => {
        profiles(st).push(old('prod-eu'));
        profiles(st, 'staging').push(old('staging'), gone);
      }),
      { ...options, clusters: both },
    );
    expect(deleted(p, 'prod-eu')).toEqual([]);
    expect(deleted(p, 'staging')).toEqual([]);
    expect(about(p, 'plan.delete-held-back')).toHaveLength(3);
  });
});
