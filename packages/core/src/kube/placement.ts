import { explainPod } from '../match/explain';
import type { Selector } from '../spec/types';
import { FARGATE_PROFILE_LABEL, FARGATE_SCHEDULER, type ClusterNode, type ClusterPod } from './types';

/**
 * Where a pod runs or would run: on a Fargate profile, on the cluster's nodes, or nowhere (it stays
 * Pending: no profile takes it and the cluster has no nodes, or it is not scheduled yet).
 */
export type PodPlacement = { kind: 'profile'; profile: string } | { kind: 'nodes' } | { kind: 'pending' };

/** A profile as it takes pods: its EKS name and selectors. */
export interface MatchingProfile {
  name: string;
  selectors: Selector[];
}

/** Pods that still hold or wait for capacity (not Succeeded or Failed). */
export const isLive = (pod: ClusterPod): boolean => pod.phase !== 'Succeeded' && pod.phase !== 'Failed';

/** Whether Fargate took the pod: the Fargate webhook handed it to the Fargate scheduler. */
export const onFargate = (pod: ClusterPod): boolean => pod.schedulerName === FARGATE_SCHEDULER;

/** EC2 (or hybrid) nodes: capacity a pod without a profile can go to. Fargate's own nodes carry one pod each. */
export const hasNodes = (nodes: readonly ClusterNode[]): boolean => nodes.some(n => !n.fargate);

/**
 * Where the pod is now: a Fargate pod on the profile its `eks.amazonaws.com/fargate-profile` label
 * names (the Fargate webhook sets it to the profile that took the pod), a bound pod on nodes, an
 * unbound one nowhere yet.
 */
export function currentPlacement(pod: ClusterPod): PodPlacement {
  const profile = pod.labels[FARGATE_PROFILE_LABEL];
  if (onFargate(pod) && profile !== undefined) return { kind: 'profile', profile };
  return pod.nodeName ? { kind: 'nodes' } : { kind: 'pending' };
}

/**
 * Where the pod's controller would put it when it is created again, by EKS's rule over `profiles`.
 * A Fargate pod's profile label is the webhook's, not its template's, so it is left out: the new pod
 * is matched afresh (a template that pins a profile by that label cannot be told apart from the pod).
 */
export function placementAfter(
  pod: ClusterPod,
  profiles: readonly MatchingProfile[],
  clusterHasNodes: boolean,
): PodPlacement {
  const labels = onFargate(pod) ? withoutKey(pod.labels, FARGATE_PROFILE_LABEL) : pod.labels;
  const explained = explainPod(profiles, { namespace: pod.namespace, labels });
  if (explained.placement === 'fargate' && explained.profile !== undefined)
    return { kind: 'profile', profile: explained.profile };
  return clusterHasNodes ? { kind: 'nodes' } : { kind: 'pending' };
}

export const samePlacement = (a: PodPlacement, b: PodPlacement): boolean =>
  a.kind === b.kind && (a.kind !== 'profile' || a.profile === (b as { profile: string }).profile);

/** Running pods per profile (by the Fargate webhook's label): what each profile carries now. */
export function runningPodsByProfile(pods: readonly ClusterPod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    if (pod.phase !== 'Running') continue;
    const placed = currentPlacement(pod);
    if (placed.kind === 'profile') counts.set(placed.profile, (counts.get(placed.profile) ?? 0) + 1);
  }
  return counts;
}

function withoutKey(labels: Record<string, string>, key: string): Record<string, string> {
  if (!(key in labels)) return labels;
  const { [key]: _dropped, ...rest } = labels;
  return rest;
}
