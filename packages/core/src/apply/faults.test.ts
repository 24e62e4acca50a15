import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { MANAGED_BY_TAG, SPEC_TAG } from '../account/types';
import { defaultRoleName } from '../plan/defaultRole';
import { specOf } from '../plan/operations';
import { plan } from '../plan/plan';
import type { DeleteProfileOperation } from '../plan/types';
import { apply } from './apply';
import {
  busyRetries,
  handmade,
  planAndApply,
  planOptions,
  profilesOf,
  REGION,
  simState,
  spec,
  world,
} from './__fixtures__/world';

describe('apply under faults', () => {
  it('converges through a throttling storm (half of all calls throttled)', async () => {
    const w = world(simState(['alpha', 'beta']), { throttleRate: 0.5 });
    const specs = [spec('web', 'alpha'), spec('jobs', 'alpha'), spec('api', 'beta')];
    const { result } = await planAndApply(w, specs);
    expect(result.summary).toEqual({ succeeded: 3, failed: 0, skipped: 0 });
    expect(w.sim.throttledCalls).toBeGreaterThan(10);
    expect(w.events.filter(e => e.type === 'retried' && /Throttl/.test(e.errorName)).length).toBeGreaterThan(5);
    expect(profilesOf(w, 'alpha').map(p => p.status)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('creates the default role before its profile, retries while IAM has not propagated it, and deletes it after the profile', async () => {
    const w = world(simState(['alpha']));
    const role = defaultRoleName(REGION, 'alpha', 'web');
    const { result } = await planAndApply(w, [spec('web', 'alpha', { role: 'default' })]);

    expect(result.summary.succeeded).toBe(1);
    const steps = result.outcomes[0]!.steps.map(s => s.step);
    expect(steps.indexOf('create-role')).toBeLessThan(steps.indexOf('create-profile'));
    // The simulator refuses a role younger than 10 s with EKS's "Misconfigured PodExecutionRole Trust Policy".
    const refused = w.events.filter(e => e.type === 'retried' && /Misconfigured PodExecutionRole/.test(e.message));
    expect(refused.length).toBeGreaterThan(0);
    const made = w.sim.toJSON().roles.find(r => r.name === role)!;
    expect(made.tags[MANAGED_BY_TAG]).toBe('fargatekeeper');
    expect(made.attachedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy']);
    expect(JSON.stringify(made.assumeRolePolicy)).toContain(
      `arn:aws:eks:${REGION}:123456789012:fargateprofile/alpha/*`,
    );

    const removed = await planAndApply(w, []);
    expect(removed.result.outcomes.map(c => [c.operation.op, c.status])).toEqual([['delete-profile', 'succeeded']]);
    const deleteSteps = removed.result.outcomes[0]!.steps.map(s => s.step);
    expect(deleteSteps).toEqual(['delete-profile', 'wait-deleted', 'delete-role']);
    expect(w.sim.toJSON().roles.map(r => r.name)).toEqual(['pods']);
  });

  it('gives up on a role EKS keeps refusing after the bounded wait', async () => {
    const state = simState(['alpha']);
    state.timings!.iamPropagationSeconds = 3600;
    const w = world(state);
    const { result } = await planAndApply(w, [spec('web', 'alpha', { role: 'default' })], {
      timeouts: { roleConsistencyMs: 60_000 },
    });
    expect(result.outcomes[0]!.status).toBe('failed');
    expect(result.outcomes[0]!.errors[0]).toMatch(
      /^create-profile alpha\/web-\w+: InvalidParameterException: Misconfigured PodExecutionRole Trust Policy/,
    );
  });

  it('times out a create that stays CREATING and reports it', async () => {
    const state = simState(['alpha']);
    state.timings!.createSeconds = 3600;
    const w = world(state);
    const { result } = await planAndApply(w, [spec('web', 'alpha'), spec('jobs', 'alpha')], {
      timeouts: { createMs: 5 * 60_000 },
    });
    const [first, second] = result.outcomes;
    expect(first!.status).toBe('failed');
    expect(first!.errors[0]).toMatch(
      /timed out after 5m waiting for alpha\/\S+ to become ACTIVE \(last status CREATING\)/,
    );
    // The failure stops the cluster: the next change is not attempted.
    expect(second!.status).toBe('skipped');
    expect(second!.reason).toMatch(/not attempted: .* failed before it in cluster alpha/);
  });

  it('a failure in one cluster does not stop the others, and is reported', async () => {
    const w = world(simState(['alpha', 'beta']));
    w.sim.inject({
      type: 'create-failed',
      cluster: 'alpha',
      profile: 'web',
      health: [{ code: 'InsufficientFreeAddresses', message: 'subnet full' }],
    });
    const { result } = await planAndApply(w, [spec('web', 'alpha'), spec('api', 'beta'), spec('jobs', 'beta')]);
    const byName = Object.fromEntries(result.outcomes.map(c => [specOf(c.operation), c.status]));
    expect(byName).toEqual({ web: 'failed', api: 'succeeded', jobs: 'succeeded' });
    expect(result.ok).toBe(false);
    expect(profilesOf(w, 'alpha')).toEqual([]); // the failed profile was removed
    expect(profilesOf(w, 'beta').map(p => p.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(w.events).toContainEqual(
      expect.objectContaining({ type: 'operation-failed', operation: expect.objectContaining({ cluster: 'alpha' }) }),
    );
  });

  it('reports DELETE_FAILED with its health issues', async () => {
    const w = world(simState(['alpha']));
    await planAndApply(w, [spec('web', 'alpha')]);
    w.sim.inject({ type: 'delete-failed', profile: 'web', health: [{ code: 'AccessDenied', message: 'no' }] });
    const { result } = await planAndApply(w, []);
    expect(result.outcomes[0]!.status).toBe('failed');
    expect(result.outcomes[0]!.errors[0]).toMatch(/DELETE_FAILED: AccessDenied: no/);
    expect(result.outcomes[0]!.health).toEqual([{ code: 'AccessDenied', message: 'no' }]);
  });

  it('waits while a profile that is not ours is CREATING before its own create (no ResourceInUseException)', async () => {
    const busy = {
      ...handmade('other-team'),
      status: 'CREATING' as const,
      transition: { to: 'ACTIVE' as const, at: '2026-01-01T00:01:00.000Z' },
    };
    const w = world(simState(['alpha'], { alpha: [busy] }));
    const { result } = await planAndApply(w, [spec('web', 'alpha')]);
    expect(result.summary.succeeded).toBe(1);
    expect(busyRetries(w.events)).toEqual([]);
    expect(w.events).toContainEqual(
      expect.objectContaining({ type: 'waiting', target: 'cluster-idle', status: 'other-team CREATING' }),
    );
    expect(profilesOf(w, 'alpha').find(p => p.name === 'other-team')!.tags).toEqual({ team: 'legacy' });
  });

  it('retries ResourceInUseException when another operation starts behind its back', async () => {
    const w = world(simState(['alpha']));
    w.sim.inject({
      type: 'error',
      api: 'CreateFargateProfile',
      name: 'ResourceInUseException',
      message: 'Cannot create Fargate Profile web because cluster alpha currently has an update in progress',
      statusCode: 409,
      times: 2,
    });
    const { result } = await planAndApply(w, [spec('web', 'alpha')]);
    expect(result.summary.succeeded).toBe(1);
    expect(busyRetries(w.events)).toHaveLength(2);
  });

  it('never deletes a role it did not create', async () => {
    const w = world(simState(['alpha']));
    await planAndApply(w, [spec('web', 'alpha', { role: 'default' })]);
    const role = defaultRoleName(REGION, 'alpha', 'web');
    // Someone removes our tag: the role is no longer ours.
    const state = w.sim.toJSON();
    const r = state.roles.find(x => x.name === role)!;
    r.tags = {};
    const w2 = { ...w, sim: SimulatedAccount.fromJSON(state, { clock: w.clock }), events: [] };
    const { result } = await planAndApply(w2, []);
    expect(result.summary.succeeded).toBe(1);
    expect(
      w2.sim
        .toJSON()
        .roles.map(x => x.name)
        .sort(),
    ).toEqual([role, 'pods'].sort());
  });

  describe('fingerprint', () => {
    it('reports a plan that changed since review and applies the fresh one', async () => {
      const w = world(simState(['alpha']));
      const reviewed = await plan({ specs: [spec('web', 'alpha')] }, w.sim, planOptions);
      const specs = [spec('web', 'alpha'), spec('jobs', 'alpha')];
      const events: string[] = [];
      const result = await apply(reviewed, w.sim, {
        clock: w.clock,
        replan: () => plan({ specs }, w.sim, planOptions),
        onEvent: e => events.push(e.type),
      });
      expect(events).toContain('fingerprint-mismatch');
      expect(result.fingerprint.matched).toBe(false);
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'warning', code: 'apply.fingerprint-mismatch' }),
      );
      expect(result.summary.succeeded).toBe(2);
    });

    it('refuses everything with requireFingerprint when the plan changed', async () => {
      const w = world(simState(['alpha']));
      const specs = [spec('web', 'alpha')];
      const result = await apply(await plan({ specs }, w.sim, planOptions), w.sim, {
        clock: w.clock,
        expectedFingerprint: 'deadbeef',
        requireFingerprint: true,
        replan: () => plan({ specs }, w.sim, planOptions),
      });
      expect(result.summary).toEqual({ succeeded: 0, failed: 0, skipped: 1 });
      expect(result.ok).toBe(false);
      expect(result.diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', code: 'apply.fingerprint-mismatch' }),
      );
      expect(profilesOf(w, 'alpha')).toEqual([]);
    });

    it('applies with requireFingerprint when the plan is the reviewed one', async () => {
      const w = world(simState(['alpha']));
      const specs = [spec('web', 'alpha')];
      const reviewed = await plan({ specs }, w.sim, planOptions);
      const result = await apply(reviewed, w.sim, {
        clock: w.clock,
        expectedFingerprint: reviewed.fingerprint,
        requireFingerprint: true,
        replan: () => plan({ specs }, w.sim, planOptions),
      });
      expect(result.fingerprint.matched).toBe(true);
      expect(result.summary.succeeded).toBe(1);
      expect(profilesOf(w, 'alpha')[0]!.tags[SPEC_TAG]).toBe('web');
    });

    it('takes the 8 hex digits the plan prints (or more) for the fingerprint, and refuses fewer before reading anything', async () => {
      const w = world(simState(['alpha']));
      const specs = [spec('web', 'alpha')];
      const reviewed = await plan({ specs }, w.sim, planOptions);
      const replan = () => plan({ specs }, w.sim, planOptions);
      await expect(
        apply(reviewed, w.sim, {
          clock: w.clock,
          expectedFingerprint: reviewed.fingerprint.slice(0, 7),
          requireFingerprint: true,
          replan,
        }),
      ).rejects.toThrow(/^expectedFingerprint must be the plan's fingerprint or a prefix of at least 8 hex digits/);
      await expect(
        apply(reviewed, w.sim, { clock: w.clock, expectedFingerprint: 'not-hex!', requireFingerprint: true, replan }),
      ).rejects.toThrow(TypeError);
      expect(profilesOf(w, 'alpha')).toEqual([]);
      const result = await apply(reviewed, w.sim, {
        clock: w.clock,
        expectedFingerprint: reviewed.fingerprint.slice(0, 8).toUpperCase(),
        requireFingerprint: true,
        replan,
      });
      expect(result.fingerprint.matched).toBe(true);
      expect(result.summary.succeeded).toBe(1);
    });
  });

  it('refuses to delete a profile that is not ours even when a plan says so', async () => {
    const w = world(simState(['alpha'], { alpha: [handmade()] }));
    const reviewed = await plan({ specs: [] }, w.sim, {
      ...planOptions,
      clusters: [{ region: REGION, name: 'alpha' }],
    });
    const cluster = reviewed.clusters[0]!;
    const unmanaged = cluster.operations.find(o => o.op === 'unmanaged')!;
    if (unmanaged.op !== 'unmanaged') throw new Error('expected an unmanaged operation');
    // A plan (tampered with, or wrong) that deletes the profile as if fargatekeeper managed it.
    const forged: DeleteProfileOperation = {
      op: 'delete-profile',
      id: unmanaged.id.replace('unmanaged', 'delete-profile'),
      region: unmanaged.region,
      cluster: unmanaged.cluster,
      spec: 'handmade',
      profile: unmanaged.profile,
      before: unmanaged.before,
      ownership: 'managed',
      reason: { code: 'spec-removed', lastDeleteFailed: false },
    };
    cluster.operations = [forged];
    const result = await apply(reviewed, w.sim, { clock: w.clock });
    expect(result.outcomes[0]!.status).toBe('failed');
    expect(result.outcomes[0]!.errors[0]).toBe('refusing to delete alpha/handmade: it is not managed by fargatekeeper');
    expect(profilesOf(w, 'alpha').map(p => p.status)).toEqual(['ACTIVE']);
  });

  it('converges through a throttling storm with replacements and deletes too', async () => {
    const w = world(simState(['alpha', 'beta']));
    await planAndApply(w, [spec('web', 'alpha'), spec('old', 'alpha'), spec('api', 'beta')]);
    const storm = {
      ...w,
      sim: SimulatedAccount.fromJSON(w.sim.toJSON(), { clock: w.clock, throttleRate: 0.5 }),
      events: [],
    };
    const { result } = await planAndApply(storm, [
      spec('web', 'alpha', { labels: { v: '2' } }),
      spec('api', 'beta', { labels: { v: '2' } }),
      spec('new', 'beta'),
    ]);
    expect(result.outcomes.map(c => `${c.operation.op} ${specOf(c.operation)} ${c.status}`).sort()).toEqual([
      'create new succeeded',
      'delete-profile old succeeded',
      'replace api succeeded',
      'replace web succeeded',
    ]);
    expect(storm.sim.throttledCalls).toBeGreaterThan(20);
    expect(busyRetries(storm.events)).toEqual([]);
  });

  it('deletes first when the cluster quota leaves no room for a create', async () => {
    const state = simState(['alpha']);
    state.quotas = { fargateProfilesPerCluster: 2 };
    const w = world(state);
    await planAndApply(w, [spec('a', 'alpha'), spec('b', 'alpha')]);
    w.events.length = 0;
    const { result } = await planAndApply(w, [spec('a', 'alpha'), spec('c', 'alpha')]);
    expect(result.summary).toEqual({ succeeded: 2, failed: 0, skipped: 0 });
    const started = w.events.flatMap(e =>
      e.type === 'operation-started' ? [`${e.operation.op} ${specOf(e.operation)}`] : [],
    );
    expect(started).toEqual(['delete-profile b', 'create c']);
    expect(
      profilesOf(w, 'alpha')
        .map(p => p.tags[SPEC_TAG])
        .sort(),
    ).toEqual(['a', 'c']);
  });

  it('waits for a profile of the same name to finish deleting before creating it again', async () => {
    const w = world(simState(['alpha']));
    const fixed = { ...spec('web', 'alpha'), profileName: 'web-fixed' };
    await planAndApply(w, [fixed]);
    // An earlier run deleted it (spec removed) and was stopped while EKS was still deleting it.
    const state = w.sim.toJSON();
    const profile = state.clusters[0]!.profiles[0]!;
    profile.status = 'DELETING';
    profile.transition = { to: 'DELETED', at: new Date(w.clock.now() + 60_000).toISOString() };
    const again = { ...w, sim: SimulatedAccount.fromJSON(state, { clock: w.clock }), events: [] };
    const { plan: reviewed, result } = await planAndApply(again, [fixed]);
    expect(reviewed.clusters[0]!.operations.map(o => [o.op, o.op === 'create' ? o.waitsFor : undefined])).toEqual([
      ['create', { profile: 'web-fixed', status: 'DELETING' }],
    ]);
    expect(result.summary.succeeded).toBe(1);
    expect(result.outcomes[0]!.steps.map(s => s.step)).toEqual(['wait-deleted', 'create-profile', 'wait-active']);
    expect(busyRetries(again.events)).toEqual([]);
    expect(profilesOf(again, 'alpha').map(p => [p.name, p.status])).toEqual([['web-fixed', 'ACTIVE']]);
  });
});
