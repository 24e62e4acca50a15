import { clusterKey, type ClusterRef } from '../account/types';
import type { ClusterConnection, PodAccess } from './types';

/** The connection of every cluster of a run; never rejects: a cluster that cannot be reached says why. */
export async function connectAll(
  access: PodAccess,
  clusters: readonly ClusterRef[],
): Promise<Map<string, ClusterConnection>> {
  let connections: ReadonlyMap<string, ClusterConnection>;
  try {
    connections = await access.connect(clusters);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Map(clusters.map(ref => [clusterKey(ref), { kind: 'unavailable', reason }]));
  }
  const missing: ClusterConnection = { kind: 'unavailable', reason: 'no connection was set up for it' };
  return new Map(clusters.map(ref => [clusterKey(ref), connections.get(clusterKey(ref)) ?? missing]));
}
