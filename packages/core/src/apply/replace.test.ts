import { SPEC_TAG } from '../account/types';
import { instrument } from './__fixtures__/instrument';
import {
  busyRetries,
  handmade,
  planAndApply,
  profilesOf,
  simState,
  spec,
  world,
  type World,
} from './__fixtures__/world';

const v1 = () => [spec('web', 'alpha', { labels: { tier: 'v1' } })];
const v2 = () => [spec('web', 'alpha', { labels: { tier: 'v2' } })];

async function deployedV1(): Promise<World> {
  const w = world(simState(['alpha'], { alpha: [handmade()] }));
  await planAndApply(w, v1());
  w.events.length = 0;
  return w;
}

const webProfiles = (w: World) => profilesOf(w, 'alpha').filter(p => p.tags[SPEC_TAG] === 'web');

describe('replacement', () => {
  it('creates the new profile, waits for ACTIVE, then deletes the old one', async () => {
    const w = await deployedV1();
    const [old] = webProfiles(w);
    const probe = instrument(w);
    const { plan, result } = await planAndApply(w, v2(), { account: probe.account });

    expect(plan.summary.replace).toBe(1);
    expect(result.summary).toEqual({ succeeded: 1, failed: 0, skipped: 0 });
    expect(probe.violations).toEqual([]);
    expect(busyRetries(w.events)).toEqual([]);
    const after = webProfiles(w);
    expect(after).toHaveLength(1);
    expect(after[0]!.name).not.toBe(old!.name);
    expect(after[0]!.status).toBe('ACTIVE');
    // Step order: create, wait ACTIVE, delete, wait deleted.
    expect(result.outcomes[0]!.steps.map(s => s.step)).toEqual([
      'create-profile',
      'wait-active',
      'delete-profile',
      'wait-deleted',
    ]);
  });

  it('keeps the old profile serving when the new one ends in CREATE_FAILED, reports the health issues and removes the failed one', async () => {
    const w = await deployedV1();
    const [old] = webProfiles(w);
    const health = [{ code: 'PodExecutionRoleNotFound', message: 'role gone' }];
    w.sim.inject({ type: 'create-failed', profile: 'web', health });
    const { result } = await planAndApply(w, v2());

    expect(result.summary.failed).toBe(1);
    const outcome = result.outcomes[0]!;
    expect(outcome.health).toEqual(health);
    expect(outcome.errors[0]).toMatch(
      /CREATE_FAILED: PodExecutionRoleNotFound: role gone; the failed profile was deleted/,
    );
    expect(webProfiles(w).map(p => [p.name, p.status])).toEqual([[old!.name, 'ACTIVE']]);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'apply.change-failed', cluster: 'alpha' }),
    );
    // No loop: exactly one create was attempted.
    expect(result.outcomes[0]!.steps.filter(s => s.step === 'create-profile')).toHaveLength(1);
  });

  describe('killed at any call and run again', () => {
    // One uninterrupted run tells how many calls a replacement makes (plan reads included).
    const uninterrupted = { calls: 0 };
    beforeAll(async () => {
      const w = await deployedV1();
      const probe = instrument(w);
      await planAndApply(w, v2(), { account: probe.account });
      uninterrupted.calls = probe.calls;
    });

    it('the uninterrupted run makes a bounded number of calls', () => {
      expect(uninterrupted.calls).toBeGreaterThan(10);
      expect(uninterrupted.calls).toBeLessThan(80);
    });

    for (const when of ['before', 'after'] as const) {
      it(`converges, creates nothing twice and never deletes the old profile early (kill ${when} the call)`, async () => {
        for (let k = 1; k <= uninterrupted.calls; k++) {
          const w = await deployedV1();
          const [old] = webProfiles(w);
          const killer = instrument(w, { at: k, when });
          await expect(
            planAndApply(w, v2(), { account: killer.account, signal: killer.controller.signal }),
          ).rejects.toThrow();

          // The next run (a new process) on the same account state.
          const probe = instrument(w);
          const { result } = await planAndApply(w, v2(), { account: probe.account });
          const context = `kill ${when} call ${k}`;
          expect({ context, failed: result.summary.failed }).toEqual({ context, failed: 0 });
          // A delete EKS accepted just before the kill is waited for by the rerun: nothing is left in flight.
          const after = webProfiles(w);
          expect({ context, after: after.map(p => p.status) }).toEqual({ context, after: ['ACTIVE'] });
          expect(after[0]!.name).not.toBe(old!.name);
          expect({ context, violations: [...killer.violations, ...probe.violations] }).toEqual({
            context,
            violations: [],
          });
          const arns = new Set([
            ...(killer.createdArns.get(after[0]!.name) ?? []),
            ...(probe.createdArns.get(after[0]!.name) ?? []),
          ]);
          expect({ context, creates: arns.size }).toEqual({ context, creates: 1 });
          expect(profilesOf(w, 'alpha').some(p => p.name === 'handmade')).toBe(true);
        }
      });
    }
  });
});
