import { SimulatedAccount, VirtualClock, type SimFault, type SimProfile, type SimState } from '../account';
import { ACCOUNT, REGION, ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import { HASH_TAG, MANAGED_BY_TAG, SPEC_TAG } from '../account/types';
import type { Diagnostic } from '../diagnostics';
import { parseSpecFiles } from '../spec';
import type { ProfileSpec } from '../spec/types';
import { CLUSTER_TAG, DEFAULT_ROLE_PATH, defaultRoleName } from './defaultRole';
import { desiredTagsFor, profileNameFor } from './naming';
import { plan } from './plan';
import type { Change, Plan, PlanOptions } from './types';

function spec(name: string, overrides: Partial<ProfileSpec> = {}): ProfileSpec {
  return {
    name,
    cluster: 'prod-eu',
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a', 'subnet-b'],
    selectors: [{ namespace: name, labels: { compute: 'fargate' } }],
    tags: { team: 'platform' },
    source: { file: `fargate/${name}.yaml`, line: 4, column: 3, format: 'native', document: 0, fields: {} },
    ...overrides,
  };
}

/** A live profile exactly as fargatekeeper would have created it for `s` (optionally altered). */
function liveOf(s: ProfileSpec, overrides: Partial<SimProfile> = {}): SimProfile {
  return {
    name: profileNameFor(s),
    status: 'ACTIVE',
    podExecutionRoleArn: s.podExecutionRoleArn ?? `arn:aws:iam::${ACCOUNT}:role/${defaultRoleName(REGION, s.cluster, s.name)}`,
    subnets: [...s.subnets],
    selectors: s.selectors,
    tags: desiredTagsFor(s),
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function account(mutate: (state: SimState) => void = () => {}, faults: SimFault[] = []) {
  const state = simState();
  mutate(state);
  return SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), faults });
}

const options: PlanOptions = { defaultRegion: REGION };
/** JSON without source lines (the variants below do not move specs in their files). */
const renderJsonOf = (p: Plan) => JSON.stringify(p);
const changesOf = (p: Plan, cluster = 'prod-eu') => p.clusters.find(c => c.cluster === cluster)!.changes;
const only = (p: Plan, kind: Change['kind'], cluster = 'prod-eu') => {
  const found = changesOf(p, cluster).filter(c => c.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const codes = (p: Plan) => p.diagnostics.map((d: Diagnostic) => d.code);
const profiles = (state: SimState, cluster = 'prod-eu') => state.clusters.find(c => c.name === cluster)!.profiles;

describe('plan: change kinds', () => {
  it('creates a profile for a new spec, named <name>-<hash> and tagged as managed', async () => {
    const s = spec('payments');
    const p = await plan([s], account(), options);
    const change = only(p, 'create');
    expect(change.profileName).toMatch(/^payments-[0-9a-f]{8}$/);
    expect(change).toMatchObject({
      id: `${REGION}/prod-eu/create/${change.profileName}`,
      spec: 'payments',
      reason: 'new spec',
      source: { file: 'fargate/payments.yaml', line: 4, column: 3 },
    });
    expect(change.after!.tags).toMatchObject({ team: 'platform', [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'payments' });
    expect(change.after!.tags[HASH_TAG]).toMatch(/^[0-9a-f]{16}$/);
    expect(change.fields.map(f => f.path)).toEqual(expect.arrayContaining(['podExecutionRoleArn', 'subnets', 'selectors[0]', 'tags.team']));
    expect(change.roles).toBeUndefined();
    expect(p.summary).toMatchObject({ create: 1, replace: 0, delete: 0, unmanaged: 1 });
    expect(p.hasChanges).toBe(true);
  });

  it('is a no-op when the live profile equals the spec (order of subnets, selectors and labels ignored)', async () => {
    const s = spec('payments', { selectors: [{ namespace: 'a', labels: { x: '1', y: '2' } }, { namespace: 'b', labels: {} }] });
    const live = liveOf(s, { subnets: ['subnet-b', 'subnet-a'], selectors: [{ namespace: 'b', labels: {} }, { namespace: 'a', labels: { y: '2', x: '1' } }] });
    const p = await plan([s], account(st => profiles(st).push(live)), options);
    expect(only(p, 'noop')).toMatchObject({ profileName: live.name, fields: [], reason: 'up to date' });
    expect(p.hasChanges).toBe(false);
  });

  it('retags in place when only tags differ, with tags to set and remove', async () => {
    const s = spec('payments', { tags: { team: 'payments', cost: 'a' } });
    const live = liveOf(s, { tags: { ...desiredTagsFor(spec('payments', { tags: { team: 'platform', old: 'x' } })), 'aws:cloudformation:stack-name': 'keep' } });
    const p = await plan([s], account(st => profiles(st).push(live)), options);
    const change = only(p, 'retag');
    expect(change.profileName).toBe(live.name);
    expect(change.tags).toEqual({ set: { cost: 'a', [HASH_TAG]: desiredTagsFor(s)[HASH_TAG], team: 'payments' }, remove: ['old'] });
    expect(change.fields.every(f => !f.forcesReplacement)).toBe(true);
    expect(change.fields.map(f => f.path)).toEqual(['tags.cost', `tags.${HASH_TAG}`, 'tags.old', 'tags.team']);
    expect(change.reason).toBe('`tags.cost`, `tags.old` and `tags.team` changed');
  });

  it('replaces create-before-delete when an immutable field changed, naming the field', async () => {
    const before = spec('payments');
    const after = spec('payments', { selectors: [{ namespace: 'payments', labels: { compute: 'serverless' } }] });
    const p = await plan([after], account(st => profiles(st).push(liveOf(before))), options);
    const change = only(p, 'replace');
    expect(change).toMatchObject({
      profileName: profileNameFor(after),
      replaces: profileNameFor(before),
      strategy: 'create-before-delete',
      reason: '`selectors[0].labels` changed',
    });
    expect(change.strategyReason).toBeUndefined();
    expect(change.fields.find(f => f.path === 'selectors[0].labels')).toEqual({
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
      [after],
      account(st => {
        st.quotas = { fargateProfilesPerCluster: 2 };
        profiles(st).push(liveOf(before));
      }),
      options,
    );
    const change = only(p, 'replace');
    expect(change.strategy).toBe('delete-before-create');
    expect(change.strategyReason).toBe(
      'the cluster would exceed its quota of 2 profiles (2 in use when the replacement runs, and create-before-delete needs one more)',
    );
    expect(p.diagnostics.find(d => d.code === 'plan.replace-downtime')).toMatchObject({ severity: 'warning', cluster: 'prod-eu', profile: 'payments' });
  });

  it('counts the deletes apply runs first and the creates it runs before, for the quota', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-a'] });
    const withQuota = (quota: number, extra: SimProfile[]) =>
      account(st => {
        st.quotas = { fargateProfilesPerCluster: quota };
        profiles(st).push(liveOf(before), ...extra);
      });
    // handmade + payments + a removed spec's profile: its delete frees the slot the replacement needs.
    const freed = await plan([after], withQuota(3, [liveOf(spec('gone'))]), options);
    expect(only(freed, 'replace').strategy).toBe('create-before-delete');
    // A new spec takes the free slot first: then the replacement must delete first.
    const taken = await plan([after, spec('jobs')], withQuota(3, []), options);
    expect(only(taken, 'replace').strategy).toBe('delete-before-create');
  });

  it('replaces delete-before-create when profileName fixes the name', async () => {
    const before = spec('payments', { profileName: 'payments' });
    const after = spec('payments', { profileName: 'payments', podExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/pods2` });
    const p = await plan([after], account(st => {
      profiles(st).push(liveOf(before));
      st.roles.push({ ...st.roles[0]!, name: 'pods2' });
    }), options);
    const change = only(p, 'replace');
    expect(change).toMatchObject({ profileName: 'payments', replaces: 'payments', strategy: 'delete-before-create' });
    expect(change.strategyReason).toBe('`profileName` fixes the name `payments`, so the old profile must go first');
    expect(change.reason).toBe('`podExecutionRoleArn` changed');
  });

  it('deletes a managed profile whose spec is gone, and never an unmanaged one', async () => {
    const gone = spec('old-jobs');
    const p = await plan([spec('payments')], account(st => profiles(st).push(liveOf(gone))), options);
    expect(only(p, 'delete')).toMatchObject({ profileName: profileNameFor(gone), spec: 'old-jobs', reason: 'spec `old-jobs` removed from Git' });
    expect(only(p, 'unmanaged')).toMatchObject({ profileName: 'handmade', reason: 'not managed by fargatekeeper; left as it is' });
  });

  it('deletes the managed profiles of a cluster named in options.clusters even when no spec is left for it', async () => {
    const gone = spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] });
    const p = await plan([], account(st => profiles(st, 'staging').push(liveOf(gone))), { ...options, clusters: [{ region: REGION, name: 'staging' }] });
    expect(only(p, 'delete', 'staging').profileName).toBe(profileNameFor(gone));
  });

  it('adopts an unmanaged profile by tagging it when its immutable fields equal the spec', async () => {
    const s = spec('legacy', { adopt: 'handmade', subnets: ['subnet-a'], selectors: [{ namespace: 'legacy', labels: {} }], tags: {} });
    const p = await plan([s], account(), options);
    const change = only(p, 'adopt');
    expect(change).toMatchObject({ profileName: 'handmade', reason: 'adopts unmanaged `handmade` by tagging it (its immutable fields equal the spec)' });
    expect(change.replaces).toBeUndefined();
    expect(change.tags!.set).toMatchObject({ [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'legacy' });
    expect(changesOf(p).filter(c => c.kind === 'unmanaged')).toEqual([]);
    expect(p.summary.adopt).toBe(1);
  });

  it('keeps an adopted profile under its adopted name on the next plan', async () => {
    const s = spec('legacy', { adopt: 'handmade', subnets: ['subnet-a'], selectors: [{ namespace: 'legacy', labels: {} }], tags: {} });
    const p = await plan([s], account(st => (profiles(st)[0]!.tags = desiredTagsFor(s))), options);
    expect(only(p, 'noop').profileName).toBe('handmade');
  });

  it('does not warn about a missing adopt target once the spec has its own profile (adopted and replaced before)', async () => {
    const s = spec('legacy', { adopt: 'handmade', subnets: ['subnet-a', 'subnet-b'], selectors: [{ namespace: 'legacy', labels: {} }] });
    const withoutHandmade = (st: SimState) => profiles(st).splice(0, profiles(st).length);
    const same = await plan([s], account(st => { withoutHandmade(st); profiles(st).push(liveOf(s)); }), options);
    expect(only(same, 'noop').profileName).toBe(profileNameFor(s));
    const edited = spec('legacy', { ...s, selectors: [{ namespace: 'legacy', labels: { tier: 'x' } }] });
    const replaced = await plan([edited], account(st => { withoutHandmade(st); profiles(st).push(liveOf(s)); }), options);
    expect(only(replaced, 'replace').replaces).toBe(profileNameFor(s));
    const going = await plan([s], account(st => { withoutHandmade(st); profiles(st).push(liveOf(s, { name: 'legacy-old', status: 'DELETING' }), liveOf(s, { status: 'CREATING' })); }), options);
    expect(only(going, 'noop').waitsFor).toBe(profileNameFor(s));
    // Its only profile is being deleted (an interrupted run): created again under the same name, still no warning.
    const recreated = await plan([s], account(st => { withoutHandmade(st); profiles(st).push(liveOf(s, { status: 'DELETING' })); }), options);
    expect(only(recreated, 'create')).toMatchObject({ profileName: profileNameFor(s), waitsFor: profileNameFor(s) });
    for (const p of [same, replaced, going, recreated]) expect(codes(p)).not.toContain('plan.adopt-not-found');
  });

  it('adopts by replacement when the immutable fields differ, and says which', async () => {
    const s = spec('legacy', { adopt: 'handmade', subnets: ['subnet-a', 'subnet-b'], selectors: [{ namespace: 'legacy', labels: {} }] });
    const p = await plan([s], account(), options);
    const change = only(p, 'adopt');
    expect(change).toMatchObject({
      profileName: profileNameFor(s),
      replaces: 'handmade',
      strategy: 'create-before-delete',
      reason: 'adopts unmanaged `handmade` by replacing it: `subnets` changed',
    });
  });

  it('warns when the profile to adopt does not exist, and creates one', async () => {
    const p = await plan([spec('legacy', { adopt: 'nothing-here' })], account(), options);
    only(p, 'create');
    expect(p.diagnostics.find(d => d.code === 'plan.adopt-not-found')?.message).toBe(
      'Spec `legacy` adopts `nothing-here`, which does not exist in `prod-eu`; a new profile is created.',
    );
  });

  it('refuses to adopt a profile of another spec, and keeps its own profile as it is', async () => {
    const other = spec('other', { selectors: [{ namespace: 'o', labels: {} }] });
    const mineBefore = spec('legacy', { subnets: ['subnet-a'] });
    const p = await plan(
      [other, spec('legacy', { adopt: profileNameFor(other) })],
      account(st => profiles(st).push(liveOf(other), liveOf(mineBefore))),
      options,
    );
    expect(p.diagnostics.find(d => d.code === 'plan.adopt-conflict')).toMatchObject({ severity: 'error', profile: 'legacy' });
    expect(changesOf(p).map(c => [c.kind, c.profileName])).toEqual([
      ['noop', profileNameFor(other)],
      ['unmanaged', 'handmade'],
    ]);
  });

  it('refuses a name taken by a profile that is not the spec’s', async () => {
    const p = await plan([spec('legacy', { profileName: 'handmade' })], account(), options);
    expect(changesOf(p).filter(c => c.kind !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.name-taken')).toMatchObject({ severity: 'error', profile: 'legacy' });
  });
});

describe('plan: failed and in-flight profiles', () => {
  it('deletes and recreates a managed CREATE_FAILED profile (delete first: it serves no pods)', async () => {
    const s = spec('payments');
    const failed = liveOf(s, { status: 'CREATE_FAILED', health: [{ code: 'AccessDenied', message: 'role cannot be assumed' }] });
    const p = await plan([s], account(st => profiles(st).push(failed)), options);
    const change = only(p, 'replace');
    expect(change).toMatchObject({
      profileName: failed.name,
      replaces: failed.name,
      strategy: 'delete-before-create',
      strategyReason: `\`${failed.name}\` is CREATE_FAILED and serves no pods`,
      reason: `\`${failed.name}\` is CREATE_FAILED`,
    });
    expect(change.before!.health).toEqual([{ code: 'AccessDenied', message: 'role cannot be assumed' }]);
    expect(codes(p)).not.toContain('plan.replace-downtime');
  });

  it('retries the delete of a DELETE_FAILED profile whose spec is gone, with its health issues as a warning', async () => {
    const gone = liveOf(spec('old'), { status: 'DELETE_FAILED', health: [{ code: 'PodEvictionFailure', message: 'pods would not leave' }] });
    const p = await plan([], account(st => profiles(st).push(gone)), { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    expect(only(p, 'delete').reason).toBe('spec `old` removed from Git; the last delete failed');
    expect(p.diagnostics.find(d => d.code === 'plan.delete-failed')?.message).toBe(
      `Profile \`${gone.name}\` failed to delete before: PodEvictionFailure: pods would not leave; the delete is retried.`,
    );
  });

  it('keeps a CREATING profile that matches its spec and makes the change wait for it', async () => {
    const s = spec('payments');
    const creating = liveOf(s, { status: 'CREATING', transition: { to: 'ACTIVE', at: '2100-01-01T00:00:00.000Z' } });
    const p = await plan([s], account(st => profiles(st).push(creating)), options);
    expect(only(p, 'noop')).toMatchObject({ waitsFor: creating.name });
    expect(p.diagnostics.find(d => d.code === 'plan.in-flight')).toMatchObject({ severity: 'warning', profile: 'payments' });
  });

  const deletingOf = (s: ProfileSpec) => liveOf(s, { status: 'DELETING', transition: { to: 'DELETED', at: '2100-01-01T00:00:00.000Z' } });
  const ourRole = (name: string) => ({ name, assumeRolePolicy: { Version: '2012-10-17', Statement: [] }, tags: { [MANAGED_BY_TAG]: 'fargatekeeper' }, attachedPolicyArns: [] });

  it('waits for a managed DELETING profile whose spec is gone, and deletes its default role after it', async () => {
    const old = spec('old', { podExecutionRoleArn: undefined });
    const going = deletingOf(old);
    const role = defaultRoleName(REGION, 'prod-eu', 'old');
    const p = await plan([spec('payments')], account(st => {
      profiles(st).push(going);
      st.roles.push(ourRole(role));
    }), options);
    expect(only(p, 'delete')).toMatchObject({
      profileName: going.name, spec: 'old', reason: 'spec `old` removed from Git; already being deleted', waitsFor: going.name,
      roles: [{ action: 'delete', name: role, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, spec: 'old' }],
    });
    expect(codes(p)).not.toContain('plan.deleting');
  });

  it('waits for the DELETING old profile of an interrupted replacement once its successor exists', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-b'] });
    const p = await plan([after], account(st => profiles(st).push(deletingOf(before), liveOf(after))), options);
    expect(only(p, 'noop').profileName).toBe(profileNameFor(after));
    expect(only(p, 'delete')).toMatchObject({
      profileName: profileNameFor(before), spec: 'payments', waitsFor: profileNameFor(before), reason: 'left over from an interrupted replacement; already being deleted',
    });
  });

  it('lets a create of the same name wait for a DELETING profile itself (an info, no delete)', async () => {
    const s = spec('payments', { profileName: 'payments' });
    const going = deletingOf(s);
    const p = await plan([s], account(st => profiles(st).push(going)), options);
    expect(only(p, 'create')).toMatchObject({ profileName: 'payments', waitsFor: 'payments' });
    expect(changesOf(p).filter(c => c.kind === 'delete')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.deleting')).toMatchObject({ severity: 'info', profile: 'payments' });
  });

  it('leaves an unmanaged DELETING profile alone', async () => {
    const going = { ...deletingOf(spec('other')), name: 'someone-elses', tags: {} };
    const p = await plan([spec('payments')], account(st => profiles(st).push(going)), options);
    expect(changesOf(p).filter(c => c.profileName === 'someone-elses').map(c => c.kind)).toEqual(['unmanaged']);
  });

  it('keeps the default role of a DELETING profile while deletes are held back', async () => {
    const old = spec('old', { podExecutionRoleArn: undefined });
    const parseError: Diagnostic = { severity: 'error', code: 'spec.yaml', message: 'bad indentation', source: { file: 'fargate/x.yaml', line: 3, column: 1 } };
    const p = await plan([spec('payments')], account(st => {
      profiles(st).push(deletingOf(old));
      st.roles.push(ourRole(defaultRoleName(REGION, 'prod-eu', 'old')));
    }), { ...options, diagnostics: [parseError] });
    expect(changesOf(p).filter(c => c.kind === 'delete')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.deleting')).toMatchObject({ severity: 'info', profile: deletingOf(old).name });
  });

  it('deletes a leftover of an interrupted replacement once the new profile exists', async () => {
    const before = spec('payments');
    const after = spec('payments', { subnets: ['subnet-b'] });
    const p = await plan([after], account(st => profiles(st).push(liveOf(before), liveOf(after))), options);
    expect(only(p, 'noop').profileName).toBe(profileNameFor(after));
    expect(only(p, 'delete')).toMatchObject({ profileName: profileNameFor(before), spec: 'payments', reason: 'left over from an interrupted replacement' });
  });
});

describe('plan: default pod execution role', () => {
  it('creates the default role with the first profile that needs it', async () => {
    const s = spec('payments', { podExecutionRoleArn: undefined });
    const p = await plan([s], account(), options);
    const name = defaultRoleName(REGION, 'prod-eu', 'payments');
    const change = only(p, 'create');
    expect(change.after!.podExecutionRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`);
    expect(change.roles).toEqual([{ action: 'create', name, arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`, spec: 'payments' }]);
  });

  it('deletes our default role with the profile of a removed spec, never a role we did not create', async () => {
    const ours = spec('jobs', { podExecutionRoleArn: undefined });
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const role = { name, assumeRolePolicy: { Version: '2012-10-17', Statement: [] }, tags: { [MANAGED_BY_TAG]: 'fargatekeeper' }, attachedPolicyArns: [] };
    const p = await plan([], account(st => {
      profiles(st).push(liveOf(ours));
      st.roles.push(role);
    }), { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    expect(only(p, 'delete').roles).toEqual([{ action: 'delete', name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, spec: 'jobs' }]);

    const foreign = await plan([], account(st => {
      profiles(st).push(liveOf(ours));
      st.roles.push({ ...role, tags: {} });
    }), { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    expect(only(foreign, 'delete').roles).toBeUndefined();
  });

  describe('a default role left behind (its profile gone, no spec wants it)', () => {
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const trust = { Version: '2012-10-17', Statement: [] };
    const ours = { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'jobs', [CLUSTER_TAG]: 'prod-eu' };
    const leftover = (overrides: Partial<SimState['roles'][number]> = {}) => ({ name, path: DEFAULT_ROLE_PATH, assumeRolePolicy: trust, tags: ours, attachedPolicyArns: [], ...overrides });
    const planWith = (roles: SimState['roles'], specs: ProfileSpec[] = [], mutate: (st: SimState) => void = () => {}) =>
      plan(specs, account(st => {
        st.roles.push(...roles);
        mutate(st);
      }), { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    const roleChanges = (p: Plan) => changesOf(p).filter(c => c.target === 'role');

    it('is planned for deletion on its own, and the plan counts it', async () => {
      const p = await planWith([leftover()]);
      expect(roleChanges(p)).toEqual([
        expect.objectContaining({
          id: `${REGION}/prod-eu/delete-role/${name}`,
          kind: 'delete',
          target: 'role',
          spec: 'jobs',
          profileName: name,
          roles: [{ action: 'delete', name, arn: `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`, spec: 'jobs' }],
        }),
      ]);
      expect(p.summary.delete).toBe(1);
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
        expect({ role, changes: roleChanges(p) }).toEqual({ role, changes: [] });
      }
    });

    it('is kept while a spec wants it or a profile uses it', async () => {
      const wanting = await planWith([leftover()], [spec('jobs', { podExecutionRoleArn: undefined })]);
      expect(roleChanges(wanting)).toEqual([]);
      const arn = `arn:aws:iam::${ACCOUNT}:role/fargatekeeper/${name}`;
      const used = await planWith([leftover()], [], st => profiles(st).push({ ...liveOf(spec('other')), podExecutionRoleArn: arn, tags: {} }));
      expect(roleChanges(used)).toEqual([]);
    });

    it('makes the fingerprint change', async () => {
      const without = await planWith([]);
      const withRole = await planWith([leftover()]);
      expect(withRole.fingerprint).not.toBe(without.fingerprint);
    });

    it('is not looked for when the roles cannot be listed: a warning says so', async () => {
      const p = await plan([], account(st => st.roles.push(leftover()), [{ type: 'error', api: 'ListRoles', name: 'AccessDenied', message: 'no', statusCode: 403, times: 10 }]), {
        ...options,
        clusters: [{ region: REGION, name: 'prod-eu' }],
      });
      expect(roleChanges(p)).toEqual([]);
      expect(p.diagnostics.find(d => d.code === 'plan.read-failed')).toMatchObject({ severity: 'warning', message: expect.stringContaining('/fargatekeeper/') });
    });
  });

  it('keeps a default role made before default roles had their path: its profile is not replaced', async () => {
    const s = spec('jobs', { podExecutionRoleArn: undefined });
    const name = defaultRoleName(REGION, 'prod-eu', 'jobs');
    const p = await plan([s], account(st => {
      profiles(st).push(liveOf(s));
      st.roles.push({ name, assumeRolePolicy: { Version: '2012-10-17', Statement: [] }, tags: { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'jobs' }, attachedPolicyArns: [] });
    }), options);
    expect(changesOf(p).filter(c => c.kind !== 'unmanaged').map(c => c.kind)).toEqual(['noop']);
  });
});

describe('plan: errors make it careful', () => {
  const denied = (api: 'GetCallerIdentity' | 'GetRole') => ({ type: 'error' as const, api, name: 'AccessDenied', message: 'no', statusCode: 403, times: 10 });

  it('keeps the profile of a spec whose default role cannot be named (no account id)', async () => {
    const batch = spec('batch', { podExecutionRoleArn: undefined });
    const p = await plan([batch], account(st => profiles(st).push(liveOf(batch)), [denied('GetCallerIdentity')]), options);
    expect(changesOf(p).filter(c => c.kind !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.find(d => d.code === 'plan.account-id')).toMatchObject({ severity: 'error', cluster: 'prod-eu', profile: 'batch' });
  });

  it('plans no change for a spec whose default role cannot be read, and deletes no role it cannot read', async () => {
    const gone = spec('old', { podExecutionRoleArn: undefined });
    const p = await plan([spec('batch', { podExecutionRoleArn: undefined })], account(st => profiles(st).push(liveOf(gone)), [denied('GetRole')]), options);
    expect(changesOf(p).filter(c => c.kind === 'create')).toEqual([]);
    expect(only(p, 'delete').roles).toBeUndefined();
    expect(p.diagnostics.filter(d => d.code === 'plan.read-failed').map(d => [d.severity, d.profile])).toEqual([
      ['error', 'batch'],
      ['warning', undefined],
    ]);
  });

  it('gives a spec with errors no change and keeps its live profile', async () => {
    const bad = spec('payments', { selectors: Array.from({ length: 6 }, (_, i) => ({ namespace: `ns${i}`, labels: {} })) });
    const live = liveOf(spec('payments'));
    const p = await plan([bad], account(st => profiles(st).push(live)), options);
    expect(changesOf(p).filter(c => c.kind !== 'unmanaged')).toEqual([]);
    expect(p.diagnostics.some(d => d.severity === 'error' && d.profile === 'payments')).toBe(true);
  });

  it('holds back every delete when a spec file failed to parse (the spec may only look removed)', async () => {
    const gone = liveOf(spec('old'));
    const parseError: Diagnostic = { severity: 'error', code: 'spec.yaml', message: 'bad indentation', source: { file: 'fargate/old.yaml', line: 3, column: 1 } };
    const p = await plan([spec('payments')], account(st => profiles(st).push(gone)), { ...options, diagnostics: [parseError] });
    expect(changesOf(p).filter(c => c.kind === 'delete')).toEqual([]);
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
    const parsed = parseSpecFiles([{ path: 'fargate/team.yaml', content: `${doc('payments', '  tgas: {}\n')}---\n${doc('jobs')}` }]);
    expect(parsed.diagnostics.filter(d => d.severity === 'error').map(d => [d.code, d.profile, d.cluster])).toEqual([['spec.unknown-field', 'payments', 'prod-eu']]);
    const [jobs] = parsed.specs;
    const payments = liveOf(spec('payments', { selectors: [{ namespace: 'payments', labels: {} }], tags: {} }));
    const old = liveOf(spec('old'));
    // A profile of another spec called `payments` in another cluster is not protected by the broken one.
    const elsewhere = liveOf(spec('payments', { cluster: 'staging', subnets: ['subnet-a'] }));
    const p = await plan(parsed.specs, account(st => {
      profiles(st).push(liveOf(jobs!), payments, old);
      profiles(st, 'staging').push(elsewhere);
    }), { ...options, diagnostics: parsed.diagnostics, clusters: [{ region: REGION, name: 'staging' }] });
    expect(changesOf(p).filter(c => c.kind !== 'unmanaged').map(c => [c.kind, c.profileName])).toEqual([
      ['delete', old.name],
      ['noop', profileNameFor(jobs!)],
    ]);
    expect(changesOf(p, 'staging').map(c => [c.kind, c.profileName])).toEqual([['delete', elsewhere.name]]);
    expect(codes(p)).not.toContain('plan.delete-held-back');
    expect(p.diagnostics.find(d => d.code === 'plan.kept-spec-errors')).toMatchObject({
      severity: 'warning', cluster: 'prod-eu', profile: payments.name,
      message: `Profile \`${payments.name}\` (spec \`payments\`) is kept as it is: the spec has errors.`,
    });
  });

  it('keeps the profiles of specs named in specsWithErrors', async () => {
    const gone = liveOf(spec('old'));
    const p = await plan([spec('payments')], account(st => profiles(st).push(gone)), { ...options, specsWithErrors: [{ name: 'old', cluster: 'prod-eu' }] });
    expect(changesOf(p).filter(c => c.kind === 'delete')).toEqual([]);
  });

  it('plans the other clusters when one cannot be planned', async () => {
    const p = await plan([spec('payments', { cluster: 'nowhere' }), spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] })], account(), options);
    expect(p.clusters.map(c => c.cluster)).toEqual(['nowhere', 'staging']);
    expect(p.clusters[0]).toMatchObject({ cluster: 'nowhere', changes: [], blockedReason: 'cluster `nowhere` not found in eu-west-1' });
    only(p, 'create', 'staging');
    expect(p.diagnostics.some(d => d.code === 'live.cluster-missing')).toBe(true);
  });
});

describe('plan: unreadable clusters', () => {
  it('reports a cluster whose profiles cannot be read and plans the others', async () => {
    const sim = SimulatedAccount.fromJSON(simState(), {
      clock: new VirtualClock(),
      faults: [{ type: 'error', api: 'ListFargateProfiles', name: 'AccessDeniedException', message: 'not allowed', statusCode: 403 }],
    });
    const p = await plan([spec('payments'), spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] })], sim, options);
    expect(p.clusters[0]).toMatchObject({ cluster: 'prod-eu', changes: [], blockedReason: 'AccessDeniedException: not allowed' });
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
    const gone = liveOf(spec('old'));
    const p = await plan([spec('payments')], account(st => {
      st.clusters[0]!.status = 'DELETING';
      profiles(st).push(gone);
    }), options);
    expect(p.clusters[0]).toMatchObject({ cluster: 'prod-eu', status: 'DELETING', changes: [], blockedReason: 'cluster `prod-eu` is DELETING, not ACTIVE' });
    expect(p.hasChanges).toBe(false);
  });
});

describe('plan: overlaps and the alphanumeric rule', () => {
  it('analyses overlaps on the cluster as it will be, unmanaged profiles included', async () => {
    const s = spec('a-legacy', { selectors: [{ namespace: 'leg*', labels: {} }] });
    const p = await plan([s], account(), options);
    const overlap = p.diagnostics.find(d => d.code === 'overlap.selectors');
    expect(overlap?.message).toContain(`EKS picks \`${profileNameFor(s)}\``);
  });

  it('warns when a replacement’s new name changes which profile wins shared pods', async () => {
    const before = spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }] });
    const live = liveOf(before, { name: 'aaa-legacy' }); // an older naming: sorts before `handmade`
    const p = await plan([spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }], subnets: ['subnet-a'] })], account(st => profiles(st).push(live)), options);
    only(p, 'replace');
    expect(p.diagnostics.find(d => d.code === 'plan.replace-changes-winner')?.message).toBe(
      `Replacing \`aaa-legacy\` by \`${profileNameFor(spec('legacy2', { selectors: [{ namespace: 'legacy', labels: {} }], subnets: ['subnet-a'] }))}\` hands pods that \`handmade\` also matches to \`handmade\` (EKS takes the first by name).`,
    );
  });
});

describe('plan: determinism, fingerprint and reads', () => {
  const specs = () => [spec('payments'), spec('jobs', { cluster: 'staging', subnets: ['subnet-a'] }), spec('batch', { podExecutionRoleArn: undefined })];
  const seeded = (reverse: boolean) =>
    account(st => {
      const list = [liveOf(spec('old')), liveOf(spec('batch', { podExecutionRoleArn: undefined }), { subnets: ['subnet-b'] })];
      profiles(st).push(...(reverse ? list.reverse() : list));
      if (reverse) st.clusters.reverse();
    });

  it('gives identical JSON and fingerprint for the same inputs in another order', async () => {
    const a = await plan(specs(), seeded(false), options);
    const b = await plan([...specs()].reverse(), seeded(true), options);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('is the same for every order of specs, subnets, labels, tags and live profiles', async () => {
    const variant = (seed: number) => {
      const rotate = <T,>(items: T[]) => items.map((_, i) => items[(i + seed) % items.length]!);
      const specsNow = rotate(specs()).map(s => ({
        ...s,
        subnets: rotate(s.subnets),
        // Selectors keep their order (their paths point into the spec); labels inside them are a map.
        selectors: [...s.selectors, { namespace: `${s.name}-extra`, labels: { b: '2', a: '1', c: '3' } }].map(sel => ({ ...sel, labels: Object.fromEntries(rotate(Object.entries(sel.labels))) })),
        tags: Object.fromEntries(rotate(Object.entries({ ...s.tags, cost: 'c1', owner: 'o1' }))),
      }));
      return plan(specsNow, seeded(seed % 2 === 1), options);
    };
    const first = renderJsonOf(await variant(0));
    for (const seed of [1, 2, 3]) expect(renderJsonOf(await variant(seed))).toBe(first);
  });

  it('changes the fingerprint when a spec changes, not when it only moves in its file', async () => {
    const base = await plan(specs(), seeded(false), options);
    const moved = await plan(specs().map(s => ({ ...s, source: { ...s.source, line: s.source.line + 10 } })), seeded(false), options);
    const retagged = await plan(specs().map(s => (s.name === 'payments' ? { ...s, tags: { team: 'other' } } : s)), seeded(false), options);
    expect(moved.fingerprint).toBe(base.fingerprint);
    expect(retagged.fingerprint).not.toBe(base.fingerprint);
  });

  it('changes the fingerprint when the live state changes, not when only times do', async () => {
    const base = await plan(specs(), seeded(false), options);
    // The simulator derives a profile's ARN from its creation time unless given one (a recreated profile gets a new ARN).
    const arn = `arn:aws:eks:${REGION}:${ACCOUNT}:fargateprofile/prod-eu/handmade/0000`;
    const tagged = await plan(specs(), account(st => Object.assign(profiles(st)[0]!, { arn, tags: { owner: 'someone' } })), options);
    const retimed = await plan(specs(), account(st => Object.assign(profiles(st)[0]!, { arn, createdAt: '2020-01-01T00:00:00.000Z' })), options);
    const plain = await plan(specs(), account(st => Object.assign(profiles(st)[0]!, { arn })), options);
    expect(tagged.fingerprint).not.toBe(plain.fingerprint);
    expect(retimed.fingerprint).toBe(plain.fingerprint);
    expect(base.fingerprint).not.toBe(plain.fingerprint);
  });

  it('reads every page of a long profile list', async () => {
    const state = simState();
    const many = Array.from({ length: 5 }, (_, i) => liveOf(spec(`app-${i}`, { selectors: [{ namespace: `app-${i}`, labels: {} }] })));
    profiles(state).push(...many);
    const sim = SimulatedAccount.fromJSON(state, { clock: new VirtualClock(), pageSize: 2 });
    const p = await plan([], sim, { ...options, clusters: [{ region: REGION, name: 'prod-eu' }] });
    expect(changesOf(p).filter(c => c.kind === 'delete')).toHaveLength(5);
    expect(p.clusters[0]!.liveProfiles).toBe(6);
    expect(sim.calls.ListFargateProfiles).toBe(3);
    expect(sim.calls.DescribeFargateProfile).toBe(6);
  });

  it('reads each cluster with one list and one describe per profile, and each object once', async () => {
    const sim = seeded(false);
    await plan(specs(), sim, options);
    expect(sim.calls.ListFargateProfiles).toBe(2);
    expect(sim.calls.DescribeFargateProfile).toBe(3);
    expect(sim.calls.DescribeCluster).toBe(2);
  });
});
