import type { Diagnostic } from '../diagnostics';
import type { Fleet } from '../account/Fleet';
import { clusterKey, type ClusterRef } from '../account/types';
import type { ProfileSpec } from '../spec/types';
import { DEFAULT_PLAN_CONCURRENCY } from '../plan/plan';
import { DEFAULT_TOTAL_CONCURRENCY, identityProblem, PlanAccounts, unreachableProblem } from '../plan/accounts';
import { quotaFallbackInfos, validateLive, type LiveOptions } from './live';

/**
 * {@link validateLive} over a fleet: each cluster's specs checked in the account its `Cluster`
 * document places it in (an assumed role's), once the credentials are known to land in the declared
 * account; a cluster that cannot be reached, or lands elsewhere, gets that error instead of checks
 * made in the wrong account. Specs of undeclared clusters are checked in the base account, as before.
 */
export async function validateLiveInFleet(
  specs: readonly ProfileSpec[],
  fleet: Fleet,
  options: LiveOptions,
): Promise<Diagnostic[]> {
  const accounts = new PlanAccounts(fleet, { perAccount: DEFAULT_PLAN_CONCURRENCY, total: DEFAULT_TOTAL_CONCURRENCY });
  const byCluster = new Map<string, { ref: ClusterRef; specs: ProfileSpec[] }>();
  for (const spec of specs) {
    const ref = { region: spec.region ?? options.defaultRegion, name: spec.cluster };
    const group = byCluster.get(clusterKey(ref)) ?? { ref, specs: [] };
    group.specs.push(spec);
    byCluster.set(clusterKey(ref), group);
  }
  const quotaFallbacks = new Map<string, unknown>();
  const results = await Promise.all(
    [...byCluster.values()].map(async ({ ref, specs: own }): Promise<Diagnostic[]> => {
      const placed = accounts.placed(ref);
      if (!('reads' in placed)) return [unreachableProblem(placed.place).diagnostic];
      if (placed.place.kind === 'declared') {
        const problem = identityProblem(placed.place.cluster, placed.place.credentials, await placed.reads.accountId());
        if (problem) return [problem.diagnostic];
      }
      return validateLive(own, placed.reads.reader, { defaultRegion: options.defaultRegion, quotaFallbacks });
    }),
  );
  return [...results.flat(), ...quotaFallbackInfos(quotaFallbacks, specs, options.defaultRegion)];
}
