import { backoffCeiling, type BackoffPolicy } from '../backoff';
import { isCallTimeout } from '../callTimeout';
import { systemClock, type Clock } from '../clock';
import {
  isThrottlingError,
  type Account,
  type ClusterInfo,
  type ClusterRef,
  type CreateProfileInput,
  type CreateRoleInput,
  type ListProfilesPage,
  type LiveProfile,
  type RoleInfo,
  type RoleSummary,
  type RouteTable,
  type SubnetInfo,
} from './types';

export interface AccountReaderOptions {
  /** Clock for retry backoff; defaults to the account's own `clock` when it has one (the simulator), else real time. */
  clock?: Clock;
  /**
   * Attempts per read for throttling and 5xx answers; 1 disables retries. Default: 1 when the account
   * retries them itself (`retriesTransientErrors`: AwsAccount, whose SDK clients hold the one retry
   * policy), else 16, enough for a simulated storm where half the calls are throttled.
   */
  attempts?: number;
  /** First backoff in ms, doubled per attempt and capped at 5 s (default 200). */
  backoffMs?: number;
}

/** Whether a read may pass when asked again: throttling and server-side (5xx) failures. */
export function isTransientError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/**
 * A failure that asking again in the same run would only repeat: a refusal (a 4xx other than
 * throttling: not found, access denied, invalid input), or a call whose every attempt timed out (its
 * call policy is spent; asking again would wait as long again, so a plan stays within one bound).
 * Kept like an answer. Anything else is forgotten.
 */
function isSettled(error: unknown): boolean {
  if (isCallTimeout(error)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && !isTransientError(error);
}

const key = (...parts: string[]) => parts.join('\u0000');

/** `arn:aws:eks:<region>:<account>:fargateprofile/<cluster>/<name>/<uuid>` → its cluster and name. */
function profileOfArn(arn: string): { region: string; cluster: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:eks:([^:]+):\d{12}:fargateprofile\/([^/]+)\/([^/]+)(?:\/.*)?$/.exec(arn);
  return match ? { region: match[1]!, cluster: match[2]!, name: match[3]! } : undefined;
}

/**
 * An Account that reads each AWS object once per run: the cluster, all pages of its profile list,
 * each profile, each subnet, each VPC's route tables, each role, each region's quota and the
 * account id. Concurrent identical reads share one call; subnet ids asked for at the same moment
 * in a region go out in one DescribeSubnets. Throttled and 5xx reads are retried with backoff,
 * unless the account retries them itself (one retry policy per call, never one loop inside
 * another); reads that still fail that way (or on the network) are forgotten, so a later ask tries
 * again, while a refusal (not found, access denied) or a timed-out call is kept like an answer. The
 * quota is optional (live validation assumes EKS's default without it): its failure is kept for the
 * reader's life too, so a run asks each region once. Plans and live validation share one reader.
 *
 * Writes pass through to the account and drop what they make stale (the cluster's profile list,
 * the profile, the role), so the same reader stays truthful after a change.
 */
export class AccountReader implements Account {
  readonly region: string;
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly subnets = new Map<string, Promise<SubnetInfo | undefined>>();
  private readonly pendingSubnets = new Map<
    string,
    Map<string, { resolve: (s: SubnetInfo | undefined) => void; reject: (e: unknown) => void }>
  >();
  private readonly clock: Clock;
  private readonly attempts: number;
  /** The reader's retries wait the plain capped ceilings (no jitter), as they always did. */
  private readonly backoff: BackoffPolicy;

  constructor(
    readonly account: Account,
    options: AccountReaderOptions = {},
  ) {
    this.region = account.region;
    this.clock = options.clock ?? (account as { clock?: Clock }).clock ?? systemClock;
    this.attempts = Math.max(1, options.attempts ?? (account.retriesTransientErrors ? 1 : 16));
    this.backoff = { initialMs: options.backoffMs ?? 200, factor: 2, capMs: 5000 };
  }

  /** True when reads are retried here or by the account, so a reader around this one adds none. */
  get retriesTransientErrors(): boolean {
    return this.attempts > 1 || this.account.retriesTransientErrors === true;
  }

  getAccountId(): Promise<string> {
    return this.once(key('account'), () => this.account.getAccountId());
  }

  describeCluster(ref: ClusterRef): Promise<ClusterInfo | undefined> {
    return this.once(key('cluster', ref.region, ref.name), () => this.account.describeCluster(ref));
  }

  /** One page, as the port defines it (cached per token). */
  listFargateProfiles(ref: ClusterRef, nextToken?: string): Promise<ListProfilesPage> {
    return this.once(key('list-page', ref.region, ref.name, nextToken ?? ''), () =>
      this.account.listFargateProfiles(ref, nextToken),
    );
  }

  /** Every profile name of the cluster, all pages followed. A missing cluster rejects with ResourceNotFoundException. */
  listAllFargateProfiles(ref: ClusterRef): Promise<string[]> {
    return this.once(key('list', ref.region, ref.name), async () => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await this.listFargateProfiles(ref, token);
        names.push(...page.names);
        token = page.nextToken;
      } while (token);
      return names;
    });
  }

  describeFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile | undefined> {
    return this.once(key('profile', ref.region, ref.name, name), () => this.account.describeFargateProfile(ref, name));
  }

  /** Every live profile of the cluster (list, then one describe per name, side by side). */
  async listLiveProfiles(ref: ClusterRef): Promise<LiveProfile[]> {
    const names = await this.listAllFargateProfiles(ref);
    const described = await Promise.all(names.map(name => this.describeFargateProfile(ref, name)));
    return described.filter((p): p is LiveProfile => p !== undefined);
  }

  /** Optional: a failure is kept (not asked again per cluster), and the caller falls back to EKS's default. */
  getFargateProfileQuota(region: string): Promise<number> {
    return this.once(key('quota', region), () => this.account.getFargateProfileQuota(region), { keepFailure: true });
  }

  /** The subnets among `ids` that exist. Ids not yet known are batched per region into one call. */
  async describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]> {
    const found = await Promise.all([...new Set(ids)].map(id => this.describeSubnet(region, id)));
    return found.filter((s): s is SubnetInfo => s !== undefined);
  }

  describeSubnet(region: string, id: string): Promise<SubnetInfo | undefined> {
    const cacheKey = key(region, id);
    const cached = this.subnets.get(cacheKey);
    if (cached) return cached;
    const promise = new Promise<SubnetInfo | undefined>((resolve, reject) => {
      let batch = this.pendingSubnets.get(region);
      if (!batch) {
        batch = new Map();
        this.pendingSubnets.set(region, batch);
        // Flush once every task has asked what it will ask at this moment: sleep(0) on a virtual clock
        // fires when all tasks wait, on real time at the next macrotask. The plain timer covers a
        // virtual clock that only moves when a test advances it.
        let flushed = false;
        const flush = () => {
          if (flushed) return;
          flushed = true;
          void this.flushSubnets(region);
        };
        void this.clock.sleep(0).then(flush);
        setTimeout(flush, 0);
      }
      batch.set(id, { resolve, reject });
    });
    this.subnets.set(cacheKey, promise);
    // A timed-out batch is kept like once()'s: asking again would wait as long again.
    promise.catch((error: unknown) => {
      if (!isCallTimeout(error)) this.subnets.delete(cacheKey);
    });
    return promise;
  }

  describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]> {
    return this.once(key('route-tables', region, vpcId), () => this.account.describeRouteTables(region, vpcId));
  }

  /** Read once per run: plan asks for the default roles' path once. */
  listRoles(pathPrefix: string): Promise<RoleSummary[]> {
    return this.once(key('roles', pathPrefix), () => this.account.listRoles(pathPrefix));
  }

  getRole(name: string): Promise<RoleInfo | undefined> {
    return this.once(key('role', name), () => this.account.getRole(name));
  }

  // ------------------------------------------------------------------ writes: pass through, forget stale reads

  async createFargateProfile(input: CreateProfileInput): Promise<LiveProfile> {
    try {
      return await this.account.createFargateProfile(input);
    } finally {
      this.forgetProfile(input.cluster, input.name);
    }
  }

  async deleteFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile> {
    try {
      return await this.account.deleteFargateProfile(ref, name);
    } finally {
      this.forgetProfile(ref, name);
    }
  }

  async tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void> {
    try {
      await this.account.tagResource(region, arn, tags);
    } finally {
      this.forgetArn(arn);
    }
  }

  async untagResource(region: string, arn: string, keys: string[]): Promise<void> {
    try {
      await this.account.untagResource(region, arn, keys);
    } finally {
      this.forgetArn(arn);
    }
  }

  createRole(input: CreateRoleInput): Promise<RoleInfo> {
    return this.forgettingRole(input.name, () => this.account.createRole(input));
  }

  tagRole(name: string, tags: Record<string, string>): Promise<void> {
    return this.forgettingRole(name, () => this.account.tagRole(name, tags));
  }

  attachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.forgettingRole(name, () => this.account.attachRolePolicy(name, policyArn));
  }

  detachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.forgettingRole(name, () => this.account.detachRolePolicy(name, policyArn));
  }

  deleteRole(name: string): Promise<void> {
    return this.forgettingRole(name, () => this.account.deleteRole(name));
  }

  /** Forgets every read, for a fresh look at the account. */
  clear(): void {
    this.cache.clear();
    this.subnets.clear();
  }

  // ------------------------------------------------------------------ machinery

  private once<T>(cacheKey: string, read: () => Promise<T>, options: { keepFailure?: boolean } = {}): Promise<T> {
    const cached = this.cache.get(cacheKey);
    if (cached) return cached as Promise<T>;
    const promise = this.withRetries(read);
    this.cache.set(cacheKey, promise);
    promise.catch((error: unknown) => {
      if (!options.keepFailure && !isSettled(error) && this.cache.get(cacheKey) === promise)
        this.cache.delete(cacheKey);
    });
    return promise;
  }

  private async withRetries<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (attempt >= this.attempts || !isTransientError(error)) throw error;
        await this.clock.sleep(backoffCeiling(this.backoff, attempt - 1));
      }
    }
  }

  private async flushSubnets(region: string): Promise<void> {
    const batch = this.pendingSubnets.get(region);
    this.pendingSubnets.delete(region);
    if (!batch || batch.size === 0) return;
    try {
      const found = await this.withRetries(() => this.account.describeSubnets(region, [...batch.keys()]));
      const byId = new Map(found.map(s => [s.id, s]));
      for (const [id, waiter] of batch) waiter.resolve(byId.get(id));
    } catch (error) {
      for (const waiter of batch.values()) waiter.reject(error);
    }
  }

  private forgetProfile(ref: ClusterRef, name: string): void {
    this.cache.delete(key('profile', ref.region, ref.name, name));
    this.cache.delete(key('list', ref.region, ref.name));
    const pagePrefix = key('list-page', ref.region, ref.name, '');
    for (const k of [...this.cache.keys()]) if (k.startsWith(pagePrefix)) this.cache.delete(k);
  }

  private forgetArn(arn: string): void {
    const profile = profileOfArn(arn);
    if (profile) this.cache.delete(key('profile', profile.region, profile.cluster, profile.name));
  }

  private async forgettingRole<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.cache.delete(key('role', name));
      // A created or deleted role changes the listing too.
      for (const k of [...this.cache.keys()]) if (k.startsWith(key('roles', ''))) this.cache.delete(k);
    }
  }
}
