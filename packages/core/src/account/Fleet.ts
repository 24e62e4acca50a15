import type { ClusterSpec } from '../spec/types';
import { canAssumeRoles, clusterKey, type Account, type AssumeRoleTarget, type ClusterRef } from './types';

/** The credentials a run uses for some of its clusters: the base ones, or a role assumed from them. */
export interface FleetCredentials {
  /** `base`, or one per distinct AssumeRole (role ARN, external id, session name). */
  key: string;
  /** The assumed role; absent for the base credentials. */
  role?: AssumeRoleTarget;
  account: Account;
}

/** Where a run plans and applies a cluster. */
export type ClusterPlace =
  /** No `Cluster` document declares it: the base credentials, as before such documents existed. */
  | { kind: 'undeclared'; credentials: FleetCredentials }
  /** Declared: its credentials must land in `cluster.accountId`, or the cluster is refused. */
  | { kind: 'declared'; cluster: ClusterSpec; credentials: FleetCredentials }
  /** Declared with a role the base account cannot assume (a reader or cache over a single account). */
  | { kind: 'unreachable'; cluster: ClusterSpec; why: string };

const BASE = 'base';
const keyOf = (role: AssumeRoleTarget) =>
  JSON.stringify(['role', role.roleArn, role.externalId ?? null, role.sessionName]);

/**
 * The accounts of a run: the base account (the run's own credentials) and one per distinct role the
 * `Cluster` documents name, assumed from the base credentials on first use (AssumesRoles: once, then
 * again shortly before the credentials expire). Hand one Fleet to plan, the re-plan and apply of a
 * run, so the run assumes each role once.
 */
export class Fleet {
  private readonly declared = new Map<string, ClusterSpec>();
  private readonly reached = new Map<string, FleetCredentials>();

  constructor(
    readonly base: Account,
    readonly clusters: readonly ClusterSpec[] = [],
  ) {
    for (const cluster of clusters) this.declared.set(clusterKey(cluster), cluster);
  }

  placeOf(ref: ClusterRef): ClusterPlace {
    const cluster = this.declared.get(clusterKey(ref));
    if (!cluster) return { kind: 'undeclared', credentials: this.credentials(undefined) };
    if (cluster.role && !canAssumeRoles(this.base)) {
      return {
        kind: 'unreachable',
        cluster,
        why: `roles cannot be assumed through this account, so \`${cluster.role.roleArn}\` is not reached`,
      };
    }
    return { kind: 'declared', cluster, credentials: this.credentials(cluster.role) };
  }

  private credentials(role: AssumeRoleTarget | undefined): FleetCredentials {
    const key = role ? keyOf(role) : BASE;
    let credentials = this.reached.get(key);
    if (!credentials) {
      const account = role && canAssumeRoles(this.base) ? this.base.assumedRole(role) : this.base;
      credentials = { key, ...(role ? { role } : {}), account };
      this.reached.set(key, credentials);
    }
    return credentials;
  }
}
