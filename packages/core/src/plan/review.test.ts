import { apply } from '../apply/apply';
import { seededRandom } from '../account/sim/faults';
import { names, planOptions, profilesOf, simState, spec, world, type World } from '../apply/__fixtures__/world';
import type { ProfileSpec } from '../spec/types';
import { plan } from './plan';
import { reviewGate, unreviewedOf } from './review';

const settings = (w: World) => ({
  ...planOptions,
  clusters: w.sim.toJSON().clusters.map(c => ({ region: c.region, name: c.name })),
});
const planOf = (w: World, specs: ProfileSpec[]) => plan({ specs }, w.sim, settings(w));
const verdictsOf = (gate: ReturnType<typeof reviewGate>) =>
  gate.verdicts.map(v => `${v.status} ${v.operation.op} ${v.operation.cluster}`);

/** Applies `specs` with a re-plan, gated by `reviewed`. */
const gatedApply = (
  w: World,
  reviewed: Awaited<ReturnType<typeof planOf>> | undefined,
  specs: ProfileSpec[],
  onUnreviewed: 'fail' | 'warn' = 'fail',
) =>
  planOf(w, specs).then(current =>
    apply(current, w.sim, {
      clock: w.clock,
      random: seededRandom(3),
      replan: () => planOf(w, specs),
      reviewed: { plan: reviewed, onUnreviewed },
    }),
  );

describe('reviewGate', () => {
  it('passes every change of an unchanged plan, and ignores no-ops and unmanaged profiles', async () => {
    const w = world(simState(['alpha']));
    const reviewed = await planOf(w, [spec('web', 'alpha'), spec('jobs', 'alpha')]);
    const gate = reviewGate(reviewed, await planOf(w, [spec('web', 'alpha'), spec('jobs', 'alpha')]));
    expect(verdictsOf(gate)).toEqual(['reviewed create alpha', 'reviewed create alpha']);
    expect(gate.done).toEqual([]);
  });

  it('says a change for a spec whose content changed differs, naming what', async () => {
    const w = world(simState(['alpha']));
    const reviewed = await planOf(w, [spec('web', 'alpha')]);
    const gate = reviewGate(reviewed, await planOf(w, [spec('web', 'alpha', { labels: { tier: 'front' } })]));
    expect(unreviewedOf(gate).map(v => v.reason)).toEqual([{ code: 'differs', differences: ['profile', 'selectors'] }]);
    expect(gate.done).toEqual([]);
  });

  it('says a change the reviewed plan did not show at all is not in the review', async () => {
    const w = world(simState(['alpha', 'beta']));
    const reviewed = await planOf(w, [spec('web', 'alpha')]);
    const gate = reviewGate(reviewed, await planOf(w, [spec('web', 'alpha'), spec('api', 'beta')]));
    expect(verdictsOf(gate)).toEqual(['reviewed create alpha', 'unreviewed create beta']);
    expect(unreviewedOf(gate)[0]!.reason).toEqual({ code: 'not-in-review' });
  });

  it('refuses everything without a reviewed plan', async () => {
    const w = world(simState(['alpha']));
    const gate = reviewGate(undefined, await planOf(w, [spec('web', 'alpha')]));
    expect(unreviewedOf(gate).map(v => v.reason.code)).toEqual(['no-reviewed-plan']);
  });

  it('reports reviewed changes that are already done, and passes what is left of a half-done replacement', async () => {
    const w = world(simState(['alpha']));
    const v1 = [spec('web', 'alpha'), spec('jobs', 'alpha')];
    await apply(await planOf(w, v1), w.sim, { clock: w.clock });
    const v2 = [spec('web', 'alpha', { tags: { team: 'w' } }), spec('jobs', 'alpha', { labels: { v: '2' } })];
    const reviewed = await planOf(w, v2);
    expect(reviewed.clusters[0]!.operations.map(o => o.op).sort()).toEqual(['replace', 'retag']);
    // Another run applies the retag and the replacement's new profile, and is stopped before the old one goes.
    const stop = new AbortController();
    const run = apply(reviewed, w.sim, {
      clock: w.clock,
      signal: stop.signal,
      onEvent: e => {
        if (e.type === 'step-done' && e.step === 'wait-active') stop.abort(new Error('stopped'));
      },
    });
    await expect(run).rejects.toThrow();
    expect(profilesOf(w, 'alpha')).toHaveLength(3);

    const current = await planOf(w, v2);
    const gate = reviewGate(reviewed, current);
    expect(current.clusters[0]!.operations.filter(o => o.op !== 'no-op').map(o => o.op)).toEqual(['delete-profile']);
    expect(unreviewedOf(gate)).toEqual([]);
    expect(gate.done.map(o => o.op)).toEqual(['retag']);
  });
});

describe('apply with the review gate', () => {
  it('with fail: refuses an unreviewed change and applies nothing of its cluster; other clusters go on', async () => {
    const w = world(simState(['alpha', 'beta']));
    const reviewed = await planOf(w, [spec('web', 'alpha'), spec('api', 'beta')]);
    const result = await gatedApply(w, reviewed, [spec('web', 'alpha'), spec('extra', 'alpha'), spec('api', 'beta')]);
    expect(result.ok).toBe(false);
    const refused = result.diagnostics.filter(d => d.code === 'apply.unreviewed');
    expect(refused).toEqual([expect.objectContaining({ severity: 'error', cluster: 'alpha', profile: 'extra' })]);
    expect(refused[0]!.message).toMatch(
      /^create alpha\/extra-[0-9a-z]+ was not reviewed: the reviewed plan did not show it; nothing of cluster alpha was applied$/,
    );
    expect(result.outcomes.filter(o => o.operation.cluster === 'alpha').map(o => o.status)).toEqual([
      'skipped',
      'skipped',
    ]);
    expect(profilesOf(w, 'alpha')).toEqual([]);
    expect(result.outcomes.filter(o => o.operation.cluster === 'beta').map(o => o.status)).toEqual(['succeeded']);
    expect(result.review?.verdicts.map(v => v.status).sort()).toEqual(['reviewed', 'reviewed', 'unreviewed']);
  });

  it('with warn: reports the unreviewed change and applies it', async () => {
    const w = world(simState(['alpha']));
    const reviewed = await planOf(w, [spec('web', 'alpha')]);
    const result = await gatedApply(w, reviewed, [spec('web', 'alpha', { labels: { v: '2' } })], 'warn');
    expect(result.diagnostics.filter(d => d.code === 'apply.unreviewed')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/differs from the reviewed change in profile, selectors; applying it anyway$/),
      }),
    ]);
    expect(result.ok).toBe(true);
    expect(profilesOf(w, 'alpha')).toHaveLength(1);
  });

  it('without a reviewed plan refuses every change', async () => {
    const w = world(simState(['alpha']));
    const result = await gatedApply(w, undefined, [spec('web', 'alpha')]);
    expect(result.diagnostics.find(d => d.code === 'apply.unreviewed')?.message).toMatch(/there is no reviewed plan/);
    expect(result.summary).toEqual({ succeeded: 0, failed: 0, skipped: 1 });
    expect(profilesOf(w, 'alpha')).toEqual([]);
  });

  it('applies the rest of a reviewed plan another run half applied, and says what was done already', async () => {
    const w = world(simState(['alpha']));
    const specs = [spec('web', 'alpha'), spec('jobs', 'alpha')];
    const reviewed = await planOf(w, specs);
    const first = reviewed.clusters[0]!.operations[0]!;
    await apply({ ...reviewed, clusters: [{ ...reviewed.clusters[0]!, operations: [first] }] }, w.sim, {
      clock: w.clock,
    });
    const result = await gatedApply(w, reviewed, specs);
    expect(result.ok).toBe(true);
    expect(result.summary.succeeded).toBe(1);
    expect(result.diagnostics.filter(d => d.code === 'apply.reviewed-done')).toHaveLength(1);
    expect(names(profilesOf(w, 'alpha'))).toHaveLength(2);
  });
});
