import type { Diagnostic } from '../diagnostics';
import type { Fleet } from '../account/Fleet';
import type { Account, ClusterRef } from '../account/types';
import { identityProblem, unreachableProblem } from './accounts';
import { outcomeOf } from './read';

/** Where a command about one cluster (explain, import) reads it. */
export type ReachedCluster =
  /** The account to read it in: a declared cluster's, checked to be its `spec.accountId`, else the run's own. */
  | { kind: 'reached'; account: Account }
  /** Declared, but its role cannot be assumed or lands in another account: the error a plan would give. */
  | { kind: 'refused'; diagnostic: Diagnostic };

/**
 * Reaches one cluster as a plan does: through its `Cluster` document's role, refusing an account other
 * than the declared one (reading the wrong account would describe another team's profiles as this
 * cluster's). A cluster no document declares is read with the run's own credentials.
 */
export async function reachCluster(fleet: Fleet, ref: ClusterRef): Promise<ReachedCluster> {
  const place = fleet.placeOf(ref);
  if (place.kind === 'unreachable') return { kind: 'refused', diagnostic: unreachableProblem(place).diagnostic };
  const { account } = place.credentials;
  if (place.kind === 'undeclared') return { kind: 'reached', account };
  const problem = identityProblem(place.cluster, place.credentials, await outcomeOf(account.getAccountId()));
  return problem ? { kind: 'refused', diagnostic: problem.diagnostic } : { kind: 'reached', account };
}
