/*
 * Kill and re-run against moto through the real SDK path: an apply that creates, replaces (one
 * replacement also moves to a new default role), retags and deletes (with its default role) is
 * stopped by an AbortSignal at one call, before the call or after AWS acted on it, as a SIGKILL of
 * the process would; then run again until it converges. Every write call is a kill point, before and
 * after. Each kill gets its own cluster so the runs share one moto server.
 */
import type { FargateProfile } from '@aws-sdk/client-eks';
import { SPEC_TAG, type ParseResult } from '@fargatekeeper/core';
import { killer } from './support/calls';
import { POD_ROLE_ARN, clusterState, file, handmade, nativeSpec, networkState } from './support/fixtures';
import { describeWithMoto } from './support/moto';
import { changes, liveProfiles, parseSpecs, planAndApply, planOf, rolesUnder } from './support/run';
import { useMoto } from './support/useMoto';

const WRITES = new Set([
  'createFargateProfile',
  'deleteFargateProfile',
  'tagResource',
  'untagResource',
  'createRole',
  'tagRole',
  'attachRolePolicy',
  'detachRolePolicy',
  'deleteRole',
]);
/** A run after a kill that does not converge within this many re-runs is a failure. */
const MAX_RERUNS = 3;

const v1 = (cluster: string) => ({
  [`fargate/${cluster}.yaml`]: file(
    nativeSpec('web', cluster, {}),
    nativeSpec('api', cluster, { role: POD_ROLE_ARN }),
    nativeSpec('old', cluster, {}),
    nativeSpec('tagged', cluster, { role: POD_ROLE_ARN, tags: { team: 'a', stage: 'beta' } }),
  ),
});
/** web's selectors change (replace, same default role), api moves to a default role, old goes, tagged is retagged, jobs is new. */
const v2 = (cluster: string) => ({
  [`fargate/${cluster}.yaml`]: file(
    nativeSpec('web', cluster, { selectors: ['web', 'web-canary'] }),
    nativeSpec('api', cluster, {}),
    nativeSpec('tagged', cluster, { role: POD_ROLE_ARN, tags: { team: 'b' } }),
    nativeSpec('jobs', cluster, { role: POD_ROLE_ARN }),
  ),
});

describeWithMoto('kill and re-run against moto', () => {
  const moto = useMoto(() => networkState());
  /** One uninterrupted v1 → v2 apply: its plan's changes, whether it applied, its Account calls (plan reads included). */
  const uninterrupted = { changes: [] as string[], ok: false, calls: [] as string[] };

  /** A fresh cluster with v1 applied and a profile nobody manages. */
  async function deployedV1(cluster: string): Promise<FargateProfile> {
    await moto.world.cluster(clusterState(cluster, [handmade('legacy', 'legacy')]));
    const { result } = await planAndApply(moto.account, parseSpecs(moto.world, v1(cluster)), [cluster]);
    if (!result.ok) throw new Error(`v1 of ${cluster} did not apply: ${JSON.stringify(result.diagnostics)}`);
    return (await liveProfiles(moto.world, cluster)).find(p => p.fargateProfileName === 'legacy')!;
  }

  beforeAll(async () => {
    await deployedV1('probe');
    const probe = killer(moto.account);
    const { plan, result } = await planAndApply(probe.account, parseSpecs(moto.world, v2('probe')), ['probe']);
    uninterrupted.changes = changes(plan);
    uninterrupted.ok = result.ok;
    uninterrupted.calls = probe.log;
  }, 60_000);

  it('the uninterrupted run writes what the plan says', () => {
    expect(uninterrupted.changes).toEqual([
      'create probe/jobs',
      'delete-profile probe/old',
      'replace probe/api',
      'replace probe/web',
      'retag probe/tagged',
    ]);
    expect(uninterrupted.ok).toBe(true);
    // Three creates (jobs, api's and web's replacements) and three deletes (old, the replaced two); api's
    // new default role made and given its policy; old's default role detached and deleted; tagged retagged.
    expect(uninterrupted.calls.filter(c => WRITES.has(c)).sort()).toEqual([
      'attachRolePolicy',
      'createFargateProfile',
      'createFargateProfile',
      'createFargateProfile',
      'createRole',
      'deleteFargateProfile',
      'deleteFargateProfile',
      'deleteFargateProfile',
      'deleteRole',
      'detachRolePolicy',
      'tagResource',
      'untagResource',
    ]);
  });

  /** Re-runs until an apply succeeds and the plan after it changes nothing; the ARNs each run's creates answered. */
  async function rerunUntilConverged(
    cluster: string,
    specs: ParseResult,
    createdArns: Map<string, Set<string>>,
  ): Promise<void> {
    for (let rerun = 1; rerun <= MAX_RERUNS; rerun++) {
      const probe = killer(moto.account);
      const { result } = await planAndApply(probe.account, specs, [cluster]);
      for (const [name, arns] of probe.createdArns)
        createdArns.set(name, new Set([...(createdArns.get(name) ?? []), ...arns]));
      if (result.ok && !(await planOf(moto.account, specs, [cluster])).hasChanges) return;
    }
    throw new Error(`${cluster} did not converge in ${MAX_RERUNS} re-runs`);
  }

  for (const when of ['before', 'after'] as const) {
    it(`converges after a kill ${when} each write call: no duplicate profile, no orphan default role, the unmanaged profile untouched`, async () => {
      const points = uninterrupted.calls.flatMap((method, i) => (WRITES.has(method) ? [i + 1] : []));
      expect(points).toHaveLength(12);
      for (const at of points) {
        const cluster = `k${at}${when[0]}`;
        const context = `kill ${when} call ${at} (${uninterrupted.calls[at - 1]})`;
        const legacy = await deployedV1(cluster);
        const kill = killer(moto.account, { at, when });
        const killed = await planAndApply(kill.account, parseSpecs(moto.world, v2(cluster)), [cluster], {
          signal: kill.signal,
        }).then(
          () => 'ran to the end',
          (error: unknown) => String(error),
        );
        expect({ context, killed }).toEqual({
          context,
          killed: `ApplyAbortedError: apply aborted: killed ${when} call ${at} (${uninterrupted.calls[at - 1]})`,
        });

        const createdArns = kill.createdArns;
        await rerunUntilConverged(cluster, parseSpecs(moto.world, v2(cluster)), createdArns);
        const live = await liveProfiles(moto.world, cluster);
        // One ACTIVE profile per spec; the three new profiles (web's, api's, jobs) were each created once, over all runs.
        const bySpec = live
          .filter(p => p.tags?.[SPEC_TAG])
          .map(p => `${p.tags![SPEC_TAG]} ${p.status}`)
          .sort();
        expect({ context, bySpec }).toEqual({
          context,
          bySpec: ['api ACTIVE', 'jobs ACTIVE', 'tagged ACTIVE', 'web ACTIVE'],
        });
        const creates = [...createdArns]
          .map(([name, arns]) => `${name.replace(/-[0-9a-f]{8}$/, '')} ${arns.size}`)
          .sort();
        expect({ context, creates }).toEqual({ context, creates: ['api 1', 'jobs 1', 'web 1'] });
        // Default roles of this cluster: exactly the ones its profiles use (web's and api's), none left over.
        const roles = (await rolesUnder(moto.world, '/fargatekeeper/', `fk-${cluster}-`)).map(r => r.arn).sort();
        const used = live
          .map(p => p.podExecutionRoleArn!)
          .filter(arn => arn.includes(':role/fargatekeeper/'))
          .sort();
        expect({ context, roles }).toEqual({ context, roles: used });
        expect(used).toHaveLength(2);
        // The profile nobody manages: same ARN, same tags.
        const stillLegacy = live.find(p => p.fargateProfileName === 'legacy');
        expect({ context, legacy: stillLegacy && [stillLegacy.fargateProfileArn, stillLegacy.tags] }).toEqual({
          context,
          legacy: [legacy.fargateProfileArn, { owner: 'ops' }],
        });
      }
    });
  }
});
