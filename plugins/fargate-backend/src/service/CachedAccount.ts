import type {
  Account,
  ClusterInfo,
  ClusterRef,
  CreateProfileInput,
  CreateRoleInput,
  ListProfilesPage,
  LiveProfile,
  RoleInfo,
  RoleSummary,
  RouteTable,
  SubnetInfo,
} from '@fargatekeeper/core';
import type { ReadCache } from './ReadCache';

/**
 * An Account whose reads go through the plugin's {@link ReadCache} (short TTL, concurrent identical
 * reads coalesced), so page loads do not each hit AWS. `scope` tells accounts apart in the cache
 * (the AWS account id, or `sim`). The plugin never writes to AWS itself; writes pass straight through
 * and start a new cache generation, so nothing stale survives one.
 */
export class CachedAccount implements Account {
  constructor(
    private readonly account: Account,
    private readonly cache: ReadCache,
    private readonly scope: string,
  ) {}

  get region(): string {
    return this.account.region;
  }

  /** The account it reads through: pod access signs EKS tokens with that account's credentials. */
  get uncached(): Account {
    return this.account;
  }

  /** The account's own retry policy passes through, so a reader above adds none on top of the SDK's. */
  get retriesTransientErrors(): boolean {
    return this.account.retriesTransientErrors === true;
  }

  getAccountId(): Promise<string> {
    return this.read(['accountId'], () => this.account.getAccountId());
  }

  describeCluster(cluster: ClusterRef): Promise<ClusterInfo | undefined> {
    return this.read(['cluster', cluster.region, cluster.name], () => this.account.describeCluster(cluster));
  }

  listFargateProfiles(cluster: ClusterRef, nextToken?: string): Promise<ListProfilesPage> {
    return this.read(['profiles', cluster.region, cluster.name, nextToken ?? ''], () =>
      this.account.listFargateProfiles(cluster, nextToken),
    );
  }

  describeFargateProfile(cluster: ClusterRef, name: string): Promise<LiveProfile | undefined> {
    return this.read(['profile', cluster.region, cluster.name, name], () =>
      this.account.describeFargateProfile(cluster, name),
    );
  }

  getFargateProfileQuota(region: string): Promise<number> {
    return this.read(['quota', region], () => this.account.getFargateProfileQuota(region));
  }

  /**
   * Cached per subnet, since callers batch ids differently from one page load to the next: the ids
   * not in the cache go out in one (coalesced) call, and an id AWS does not know is cached as absent.
   */
  async describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]> {
    const unique = [...new Set(ids)].sort();
    const keyOf = (id: string) => this.key(['subnet', region, id]);
    const known = await Promise.all(unique.map(id => this.cache.lookup<SubnetInfo>(keyOf(id))));
    const missing = unique.filter((_, i) => !known[i]!.hit);
    const fetched = missing.length
      ? await this.read(['subnets', region, ...missing], async () => {
          const answer = await this.account.describeSubnets(region, missing);
          await Promise.all(
            missing.map(id =>
              this.cache.store(
                keyOf(id),
                answer.find(s => s.id === id),
              ),
            ),
          );
          return answer;
        })
      : [];
    const byId = new Map(fetched.map(s => [s.id, s]));
    return unique
      .map((id, i) => (known[i]!.hit ? known[i]!.value : byId.get(id)))
      .filter((s): s is SubnetInfo => s !== undefined);
  }

  describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]> {
    return this.read(['routeTables', region, vpcId], () => this.account.describeRouteTables(region, vpcId));
  }

  listRoles(pathPrefix: string): Promise<RoleSummary[]> {
    return this.read(['roles', pathPrefix], () => this.account.listRoles(pathPrefix));
  }

  getRole(name: string): Promise<RoleInfo | undefined> {
    return this.read(['role', name], () => this.account.getRole(name));
  }

  createFargateProfile(input: CreateProfileInput): Promise<LiveProfile> {
    return this.write(() => this.account.createFargateProfile(input));
  }

  deleteFargateProfile(cluster: ClusterRef, name: string): Promise<LiveProfile> {
    return this.write(() => this.account.deleteFargateProfile(cluster, name));
  }

  tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void> {
    return this.write(() => this.account.tagResource(region, arn, tags));
  }

  untagResource(region: string, arn: string, keys: string[]): Promise<void> {
    return this.write(() => this.account.untagResource(region, arn, keys));
  }

  createRole(input: CreateRoleInput): Promise<RoleInfo> {
    return this.write(() => this.account.createRole(input));
  }

  tagRole(name: string, tags: Record<string, string>): Promise<void> {
    return this.write(() => this.account.tagRole(name, tags));
  }

  attachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.write(() => this.account.attachRolePolicy(name, policyArn));
  }

  detachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.write(() => this.account.detachRolePolicy(name, policyArn));
  }

  deleteRole(name: string): Promise<void> {
    return this.write(() => this.account.deleteRole(name));
  }

  /** Key parts are JSON-encoded so no name can collide with another key by containing a separator. */
  private read<T>(parts: string[], load: () => Promise<T>): Promise<T> {
    return this.cache.read(this.key(parts), load);
  }

  private key(parts: string[]): string {
    return `aws:${JSON.stringify([this.scope, ...parts])}`;
  }

  private async write<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } finally {
      await this.cache.invalidate();
    }
  }
}
