import type { ClusterRef, Plan } from '@fargatekeeper/core';
import type { ClusterPodsView, ProfileView } from '@fargatekeeper/backstage-plugin-fargate-common';

/**
 * The views with what the plan's pod read found (with pod access only): each live profile's running
 * pods, and the cluster's count or why its pods were not read. Without pod access the views stay as
 * they are.
 */
export function withRunningPods(
  profiles: ProfileView[],
  plan: Plan,
  ref: ClusterRef,
): { profiles: ProfileView[]; pods?: ClusterPodsView } {
  const cluster = plan.podImpact?.clusters.find(c => c.cluster === ref.name && c.region === ref.region);
  if (!cluster) return { profiles };
  const { read } = cluster;
  if (read.kind === 'not-read') return { profiles, pods: { kind: 'not-read', reason: read.reason } };
  const running = read.runningByProfile;
  return {
    profiles: profiles.map(view => (view.live ? { ...view, runningPods: running[view.name] ?? 0 } : view)),
    pods: { kind: 'read', running: Object.values(running).reduce((n, count) => n + count, 0) },
  };
}
