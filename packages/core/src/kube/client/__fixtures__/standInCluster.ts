import type { SimProfile, SimState } from '../../../account';
import { simState } from '../../../account/sim/__fixtures__/simState';
import type { Account } from '../../../account/types';
import type { PodAccess } from '../../types';
import { eksPodAccess } from '../eksPodAccess';
import { STAND_IN_CA_DATA, STAND_IN_CREDENTIALS, type KubeStandIn } from './kubeStandIn';

/**
 * The fixture account with its cluster `prod-eu` served by `standIn` (the endpoint and CA DescribeCluster
 * gives) and running `profiles` beside its own.
 */
export function stateServedBy(standIn: KubeStandIn, ...profiles: SimProfile[]): SimState {
  const state = simState();
  const cluster = state.clusters.find(c => c.name === 'prod-eu')!;
  Object.assign(cluster, { endpoint: standIn.url, certificateAuthority: STAND_IN_CA_DATA });
  cluster.profiles.push(...profiles);
  return state;
}

/** Pod access as EKS expects it, with tokens signed for the stand-in's credentials; one attempt, so a refusal shows at once. */
export const standInPodAccess = (account: Pick<Account, 'describeCluster'>): PodAccess =>
  eksPodAccess({
    account,
    credentials: () => async () => STAND_IN_CREDENTIALS,
    callPolicy: { timeoutMs: 5_000, attempts: 1 },
  });
