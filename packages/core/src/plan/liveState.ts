import type { LiveProfile, ProfileStatus } from '../account/types';
import type { LiveState } from './types';

/** A profile that serves pods now or soon. */
export const serving = (status: ProfileStatus): boolean => status === 'ACTIVE' || status === 'CREATING';
/** A profile EKS gave up on: it serves no pods but holds its name and a quota slot. */
export const failed = (status: ProfileStatus): status is 'CREATE_FAILED' | 'DELETE_FAILED' =>
  status === 'CREATE_FAILED' || status === 'DELETE_FAILED';

/** A live profile as the plan shows it: a copy, so a plan never aliases what the account returned. */
export function liveStateOf(profile: LiveProfile): LiveState {
  return {
    name: profile.name,
    podExecutionRoleArn: profile.podExecutionRoleArn,
    subnets: [...profile.subnets],
    selectors: profile.selectors.map(s => ({ namespace: s.namespace, labels: { ...s.labels } })),
    tags: { ...profile.tags },
    status: profile.status,
    health: profile.health.map(h => ({ ...h })),
  };
}
