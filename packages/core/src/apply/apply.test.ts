import { HASH_TAG, MANAGED_BY_TAG } from '../account/types';
import { specOf } from '../plan/operations';
import { plan } from '../plan/plan';
import { apply } from './apply';
import {
  busyRetries,
  handmade,
  names,
  planAndApply,
  planOptions,
  profilesOf,
  simState,
  spec,
  world,
} from './__fixtures__/world';

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
    expect(again.result.outcomes).toEqual([]);
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
    const reviewed = await plan({ specs: [spec('web', 'alpha')] }, w.sim, planOptions);
    const result = await apply(reviewed, w.sim, { clock: w.clock });
    expect(result.summary.succeeded).toBe(1);
    const [profile] = profilesOf(w, 'alpha');
    expect(profile!.tags[MANAGED_BY_TAG]).toBe('fargatekeeper');
    expect(profile!.tags[HASH_TAG]).toBeDefined();
  });

  it('reports progress as typed events: started, waiting with elapsed time and ETA, done', async () => {
    const w = world(simState(['alpha']));
    await planAndApply(w, [spec('web', 'alpha')], { typicalMs: { create: 100_000 } });
    const types = w.events.map(e => e.type);
    expect(types[0]).toBe('replanned');
    expect(types[1]).toBe('apply-started');
    expect(types.at(-1)).toBe('apply-done');
    expect(types.filter(t => t === 'operation-started')).toHaveLength(1);
    expect(types.filter(t => t === 'operation-done')).toHaveLength(1);
    const waits = w.events.flatMap(e => (e.type === 'waiting' && e.target === 'ACTIVE' ? [e] : []));
    expect(waits.length).toBeGreaterThan(3);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!.elapsedMs).toBeGreaterThan(waits[i - 1]!.elapsedMs);
    expect(waits.every(e => e.etaMs === Math.max(0, 100_000 - e.elapsedMs))).toBe(true);
    expect(waits.slice(1).every(e => e.status === 'CREATING')).toBe(true);
    const steps = w.events.flatMap(e => (e.type === 'step-done' ? [e.step] : []));
    expect(steps).toEqual(['create-profile', 'wait-active']);
  });

  it('does not apply a cluster whose plan has errors; the other clusters go on', async () => {
    const w = world(simState(['alpha', 'beta']));
    const specs = [spec('web', 'alpha', { subnets: ['subnet-missing'] }), spec('ok', 'alpha'), spec('api', 'beta')];
    const { result } = await planAndApply(w, specs);
    expect(result.plan.diagnostics.some(d => d.severity === 'error' && d.cluster === 'alpha')).toBe(true);
    expect(result.outcomes.filter(c => c.operation.cluster === 'beta').map(c => c.status)).toEqual(['succeeded']);
    // The planner still plans alpha's valid spec; apply holds the whole cluster back.
    expect(result.outcomes.filter(c => c.operation.cluster === 'alpha').map(c => specOf(c.operation))).toEqual(['ok']);
    for (const outcome of result.outcomes.filter(c => c.operation.cluster === 'alpha')) {
      expect(outcome.status).toBe('skipped');
      expect(outcome.reason).toMatch(/not applied: the plan has \d+ errors? for cluster alpha/);
    }
    expect(profilesOf(w, 'alpha')).toEqual([]);
    expect(result.ok).toBe(false);
  });

  it('runs mixed creates, replacements and deletes: wall time near the busiest cluster, never two operations at once', async () => {
    const w = world(simState(['alpha', 'beta', 'gamma']));
    const v1 = [spec('a1', 'alpha'), spec('a2', 'alpha'), spec('b1', 'beta'), spec('g1', 'gamma')];
    await planAndApply(w, v1);
    w.events.length = 0;
    const v2 = [
      spec('a1', 'alpha', { labels: { v: '2' } }), // replace: 90 s + 120 s
      spec('a3', 'alpha'), // create: 90 s; a2 deleted: 120 s → alpha 420 s
      spec('b1', 'beta', { labels: { v: '2' } }), // replace: 210 s
      spec('g1', 'gamma', { tags: { team: 'g' } }), // retag in place
    ];
    const start = w.clock.now();
    const { result } = await planAndApply(w, v2);
    const wall = w.clock.now() - start;
    expect(result.outcomes.map(c => `${c.operation.op} ${specOf(c.operation)}`).sort()).toEqual([
      'create a3',
      'delete-profile a2',
      'replace a1',
      'replace b1',
      'retag g1',
    ]);
    expect(result.summary.failed).toBe(0);
    expect(busyRetries(w.events)).toEqual([]);
    expect(wall).toBeGreaterThanOrEqual(420_000);
    expect(wall).toBeLessThan(420_000 * 1.15);
    expect(profilesOf(w, 'gamma')[0]!.tags.team).toBe('g');
  });
});
