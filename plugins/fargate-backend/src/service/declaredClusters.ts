import type { ClusterSpec } from '@fargatekeeper/core';
import type { ClusterConfig } from '../config';

/** A Cluster document that app-config contradicts: it is not used, and the backend says why once. */
export interface ClusterConflict {
  cluster: string;
  message: string;
}

/**
 * The clusters the backend shows: app-config's `fargate.clusters`, then those only the specs' `Cluster`
 * documents declare, so Git can be the one list of clusters. App-config wins: a cluster it names is
 * reached as it says (its credentials from `aws.mainAccount` / `aws.accounts`), and a document for the
 * same name that says another region or account is a conflict, not used. A name declared in several
 * regions by documents alone is shown once (the first, by file); the others are conflicts too.
 */
export function mergeClusters(
  configured: readonly ClusterConfig[],
  declared: readonly ClusterSpec[],
): { clusters: ClusterConfig[]; conflicts: ClusterConflict[] } {
  const clusters = [...configured];
  const conflicts: ClusterConflict[] = [];
  for (const spec of declared) {
    const at = `${spec.source.file}:${spec.source.line}`;
    const known = clusters.find(c => c.name === spec.name);
    if (!known) {
      clusters.push({
        name: spec.name,
        region: spec.region,
        accountId: spec.accountId,
        declared: { at, ...(spec.role ? { role: spec.role } : {}) },
      });
      continue;
    }
    const other =
      known.region !== spec.region
        ? `region ${known.region}`
        : known.accountId !== undefined && known.accountId !== spec.accountId
          ? `account ${known.accountId}`
          : undefined;
    if (!other) continue;
    const where = known.declared ? `the Cluster document at ${known.declared.at}` : 'app-config (fargate.clusters)';
    conflicts.push({
      cluster: spec.name,
      message: `the Cluster document at ${at} puts cluster ${spec.name} in ${spec.region === known.region ? `account ${spec.accountId}` : `region ${spec.region}`}, but ${where} says ${other}; the document is not used`,
    });
  }
  return { clusters, conflicts };
}
