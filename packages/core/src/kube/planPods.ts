import type { Diagnostic } from '../diagnostics';
import { clusterKey, type ClusterRef, type LiveProfile } from '../account/types';
import type { ClusterPlan } from '../plan/types';
import { byString } from '../order';
import { connectAll } from './connect';
import { fargateClusterChecks } from './fargateChecks';
import { runningPodsByProfile } from './placement';
import { profilesAfterPlan, podImpactOf, type ClusterPodImpact, type PodImpact } from './podImpact';
import type { ClusterWorkloads, PodAccess } from './types';

/** One cluster's workloads as a run read them, or why they were not read. */
export type WorkloadsRead =
  { kind: 'read'; via: string; workloads: ClusterWorkloads } | { kind: 'not-read'; reason: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads the workloads of every cluster of a run, all at once (beside the plan's AWS reads). Never
 * rejects: a cluster that cannot be reached or read says why.
 */
export async function readWorkloads(
  access: PodAccess,
  clusters: readonly ClusterRef[],
): Promise<Map<string, WorkloadsRead>> {
  const connections = await connectAll(access, clusters);
  const reads = new Map<string, WorkloadsRead>();
  await Promise.all(
    clusters.map(async ref => {
      const connection = connections.get(clusterKey(ref))!;
      if (connection.kind === 'unavailable') {
        reads.set(clusterKey(ref), { kind: 'not-read', reason: connection.reason });
        return;
      }
      try {
        reads.set(clusterKey(ref), {
          kind: 'read',
          via: connection.via,
          workloads: await connection.api.readWorkloads(),
        });
      } catch (error) {
        reads.set(clusterKey(ref), { kind: 'not-read', reason: messageOf(error) });
      }
    }),
  );
  return reads;
}

/** A planned cluster with the live profiles it was planned from. */
export interface PlannedCluster {
  plan: ClusterPlan;
  live: readonly LiveProfile[];
}

/**
 * The plan's pod impact and the findings that come with it: per planned cluster, the pods each change
 * affects and the Fargate checks of the cluster as the plan leaves it; a cluster whose pods could not
 * be read is an info. Clusters that were not planned (not found, not readable) are left out.
 */
export function planPodImpact(
  clusters: readonly PlannedCluster[],
  reads: ReadonlyMap<string, WorkloadsRead>,
): { impact: PodImpact; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const impacts: ClusterPodImpact[] = [];
  for (const { plan, live } of clusters) {
    if (plan.blockedReason) continue;
    const at = { region: plan.region, cluster: plan.cluster };
    const read = reads.get(clusterKey({ region: plan.region, name: plan.cluster })) ?? {
      kind: 'not-read',
      reason: 'its pods were not asked for',
    };
    if (read.kind === 'not-read') {
      impacts.push({ ...at, read, changes: [] });
      diagnostics.push({
        severity: 'info',
        code: 'pods.not-read',
        cluster: plan.cluster,
        message: `The pods of cluster \`${plan.cluster}\` were not read (${read.reason}); the plan does not say which pods its changes move`,
      });
      continue;
    }
    const { workloads } = read;
    const { changes, diagnostics: found } = podImpactOf(plan, live, workloads);
    const running = Object.fromEntries([...runningPodsByProfile(workloads.pods)].sort(([a], [b]) => byString(a, b)));
    impacts.push({
      ...at,
      read: {
        kind: 'read',
        via: read.via,
        pods: workloads.pods.length,
        nodes: workloads.nodes.filter(n => !n.fargate).length,
        runningByProfile: running,
      },
      changes,
    });
    diagnostics.push(
      ...found,
      ...fargateClusterChecks(plan.cluster, profilesAfterPlan(live, plan.operations), workloads),
    );
  }
  return { impact: { clusters: impacts }, diagnostics };
}
