import { HASH_TAG, MANAGED_BY_TAG } from '../account/types';
import { plan } from '../plan/plan';
import { apply } from './apply';
import { busyRetries, handmade, names, planAndApply, planOptions, profilesOf, simState, spec, world } from './__fixtures__/world';

describe('apply', () => {
  it('creates profiles, clusters side by side, one operation at a time per cluster', async () => {
    const w = world(simState(['alpha', 'beta'], { alpha: [handmade()] }));
    const specs = [spec('web', 'alpha'), spec('jobs', 'alpha'), spec('batch', 'alpha'), spec('api', 'beta')];
    const start = w.clock.now();
    const { result } = await planAndApply(w, specs);

    expect(result.summary).toEqual({ succeeded: 4, failed: 0, skipped: 0 });
    expect(result.ok).toBe(true);
    expect(busyRetries(w.events)).toEqual([]);
    expect(profilesOf(w, 'alpha').every(p => p.status === 'ACTIVE')).toBe(true);
    expect(names(profilesOf(w, 'alpha')).filter(n => n !== 'handmade')).toHaveLength(3);
    // alpha's three creates run one after the other (3 × 90 s); beta's single create runs beside them.
    const wall = w.clock.now() - start;
    expect(wall).toBeGreaterThanOrEqual(3 * 90_000);
    expect(wall).toBeLessThan(3 * 90_000 * 1.15);

    const again = await planAndApply(w, specs);
    expect(again.result.changes).toEqual([]);
    expect(again.plan.hasChanges).toBe(false);
  });

  it('leaves unmanaged profiles and their role alone', async () => {
    const w = world(simState(['alpha'], { alpha: [handmade()] }));
    const before = profilesOf(w, 'alpha').find(p => p.name === 'handmade');
    await planAndApply(w, [spec('web', 'alpha')]);
    expect(profilesOf(w, 'alpha').find(p => p.name === 'handmade')).toEqual(before);
    expect(w.sim.toJSON().roles.find(r => r.name === 'pods')!.tags).toEqual({});
  });

  it('executes the given plan without re-planning when no replan is given', async () => {
    const w = world(simState(['alpha']));
    const reviewed = await plan([spec('web', 'alpha')], w.sim, planOptions);
    const result = await apply(reviewed, w.sim, { clock: w.clock });
    expect(result.summary.succeeded).toBe(1);
    const [profile] = profilesOf(w, 'alpha');
    expect(profile!.tags[MANAGED_BY_TAG]).toBe('fargatekeeper');
    expect(profile!.tags[HASH_TAG]).toBeDefined();
  });
});
