import { systemClock, type Clock } from '../../clock';
import type { Selector } from '../../spec/types';
import {
  accountIdFromArn,
  parseRoleArn,
  partitionOf,
  roleNameFromArn,
  trustAdmitsPrincipal,
  trustAdmitsService,
} from '../trust';
import { refreshingCredentials, CREDENTIALS_REFRESH_MS } from '../credentials';
import {
  FARGATE_PODS_PRINCIPAL,
  AccountError,
  type Account,
  type AssumeRoleTarget,
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
} from '../types';
import { credentialErrors, ec2Errors, eksErrors, iamErrors, stsErrors } from './errors';
import { FaultQueue, profileMatches, seededRandom, type SimApi, type SimFault } from './faults';
import { checkSimState } from './checkSimState';
import {
  DEFAULT_PROFILE_QUOTA,
  DEFAULT_TIMINGS,
  defaultPrincipalArn,
  type SimAccountState,
  type SimCluster,
  type SimProfile,
  type SimRole,
  type SimState,
  type SimTimings,
  type SimVpc,
} from './state';
import { simStateToJSON } from './serialize';

export interface SimulatedAccountOptions {
  /** Drives latency and the CREATING/DELETING transitions (default the system clock; tests pass a VirtualClock). */
  clock?: Clock;
  /** Delay of every call, or per API (through the clock). */
  latencyMs?: number | Partial<Record<SimApi, number>>;
  /** Fraction of calls (0..1) that fail with the service's throttling error. */
  throttleRate?: number;
  /** Source of randomness for throttling (default a seeded PRNG, so runs repeat exactly). */
  random?: () => number;
  faults?: SimFault[];
  /** ListFargateProfiles page size (EKS default maxResults 100; lower it to exercise pagination). */
  pageSize?: number;
}

const LIST_TOKEN_PREFIX = 'sim1.';

/** Temporary credentials as STS answers them (and the SDK's providers give them). */
export interface SimCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** STS's default session length (AssumeRole without DurationSeconds), and a role's default MaxSessionDuration. */
const SESSION_SECONDS = 3600;

/** An STS session the simulated world handed out: whose credentials, in which account, until when. */
interface SimSession {
  accountId: string;
  /** The assumed role, as trust policies name it when the session assumes another role. */
  roleArn: string;
  sessionName: string;
  expiresAt: number;
}

/** What every account view of one simulated world shares: the document, time, injected behaviour, counters, STS sessions. */
interface SimWorld {
  state: SimState;
  clock: Clock;
  latency: SimulatedAccountOptions['latencyMs'];
  throttleRate: number;
  random: () => number;
  faults: FaultQueue;
  pageSize: number;
  calls: Partial<Record<SimApi, number>>;
  throttled: number;
  sessions: Map<string, SimSession>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const sortedTags = (tags: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A stable UUID-shaped suffix for ARNs (EKS appends a UUID to Fargate profile ARNs). */
function stableUuid(text: string): string {
  let hex = '';
  for (let seed = 0; hex.length < 32; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const sameSelectors = (a: Selector[], b: Selector[]): boolean =>
  JSON.stringify(a.map(s => ({ namespace: s.namespace, labels: sortedTags(s.labels ?? {}) }))) ===
  JSON.stringify(b.map(s => ({ namespace: s.namespace, labels: sortedTags(s.labels ?? {}) })));

const sameSet = (a: string[], b: string[]): boolean =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

/** The APIs of EKS (which names an expired token ExpiredTokenException). */
const EKS_APIS: ReadonlySet<SimApi> = new Set<SimApi>([
  'DescribeCluster',
  'ListFargateProfiles',
  'DescribeFargateProfile',
  'CreateFargateProfile',
  'DeleteFargateProfile',
  'TagResource',
  'UntagResource',
]);

/** The ARN STS gives a session of a role (`arn:aws:sts::<account>:assumed-role/<name>/<session>`), as AccessDenied names the caller. */
function assumedRoleArnOf(roleArn: string, sessionName: string): string {
  const role = parseRoleArn(roleArn);
  return role ? `arn:${role.partition}:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}` : roleArn;
}

/** Fills the optional maps and lists a hand-written file may leave out. */
function withDefaults(state: SimState): SimState {
  for (const account of [state, ...(state.accounts ?? [])]) fillAccount(account);
  return state;
}

function fillAccount(state: SimAccountState): void {
  for (const cluster of state.clusters)
    for (const profile of cluster.profiles) {
      profile.tags ??= {};
      for (const selector of profile.selectors) selector.labels ??= {};
    }
  for (const role of state.roles) {
    role.tags ??= {};
    role.attachedPolicyArns ??= [];
  }
}

/**
 * An AWS account in memory that behaves like EKS, EC2 and IAM for everything fargatekeeper does:
 * profiles go CREATING → ACTIVE and DELETING → gone after the configured times (evaluated from the
 * clock on every call, so a saved file resumes correctly); one profile CREATING and one DELETING per
 * cluster and no create while one is DELETING (`ResourceInUseException` with EKS's wording);
 * name conflicts, immutability (there is no update call), EKS parameter limits, the profile quota,
 * idempotency tokens, tagging by ARN, IAM roles with IAM's errors and propagation delay, and
 * injectable latency, throttling and faults.
 */
export class SimulatedAccount implements Account {
  readonly region: string;
  /** Calls per API name over every account of the world (each view shares them), throttled and failed ones included. */
  readonly calls: Partial<Record<SimApi, number>>;
  /** The clock driving latency and transitions (an AccountReader over this account backs off on it too). */
  readonly clock: Clock;

  private readonly world: SimWorld;
  /** The account this view acts in: the base one, or the one of an assumed role. */
  private readonly state: SimAccountState;
  /** An assumed role's credentials, fetched before each call as an SDK client does; absent: the base credentials. */
  private readonly credentials: (() => Promise<SimCredentials>) | undefined;

  private constructor(world: SimWorld, state: SimAccountState, credentials?: () => Promise<SimCredentials>) {
    this.world = world;
    this.state = state;
    this.credentials = credentials;
    this.region = world.state.region;
    this.clock = world.clock;
    this.calls = world.calls;
  }

  /** Builds an account from its JSON state (checked; a bad document throws naming the field). */
  static fromJSON(state: SimState, options: SimulatedAccountOptions = {}): SimulatedAccount {
    checkSimState(state);
    const world: SimWorld = {
      state: withDefaults(clone(state)),
      clock: options.clock ?? systemClock,
      latency: options.latencyMs,
      throttleRate: options.throttleRate ?? 0,
      random: options.random ?? seededRandom(),
      faults: new FaultQueue(options.faults),
      pageSize: Math.min(100, Math.max(1, options.pageSize ?? 100)),
      calls: {},
      throttled: 0,
      sessions: new Map(),
    };
    const account = new SimulatedAccount(world, world.state);
    account.fillTransitions();
    return account;
  }

  /** Calls refused by injected throttling (over every account of the world). */
  get throttledCalls(): number {
    return this.world.throttled;
  }

  /** The current state of the whole world, every account (transitions due by now applied), in a stable key order, ready for JSON.stringify. */
  toJSON(): SimState {
    for (const account of this.accounts()) for (const cluster of account.clusters) this.settle(cluster);
    return simStateToJSON(this.world.state);
  }

  /** Adds a fault to fire on later calls (of any account of the world). */
  inject(fault: SimFault): void {
    this.world.faults.add(fault);
  }

  /**
   * The account `role` lands in, with the role's credentials: assumed on the first call (STS
   * AssumeRole from this account's credentials, one for every caller at once) and again shortly
   * before they expire, as an SDK client with `fromTemporaryCredentials` does. A refused AssumeRole
   * (AccessDenied) is the error of the call that needed it. `refreshMs` is how long before expiry.
   */
  assumedRole(role: AssumeRoleTarget, options: { refreshMs?: number } = {}): SimulatedAccount {
    const accountId = parseRoleArn(role.roleArn)?.accountId;
    // A role ARN naming no account of the world: AssumeRole refuses it, so these resources are never reached.
    const state = this.accounts().find(a => a.accountId === accountId) ?? {
      accountId: accountId ?? '000000000000',
      clusters: [],
      vpcs: [],
      roles: [],
    };
    const credentials = refreshingCredentials(
      () => this.assumeRole(role),
      () => this.clock.now(),
      options.refreshMs ?? CREDENTIALS_REFRESH_MS,
    );
    return new SimulatedAccount(this.world, state, credentials);
  }

  /**
   * STS AssumeRole from this account's credentials: the role must exist and its trust policy admit
   * the caller (the file's `principalArn`, or the role a view assumed) with the call's external id
   * and session name; otherwise AccessDenied, as STS answers for a missing role too.
   */
  async assumeRole(role: AssumeRoleTarget, durationSeconds = SESSION_SECONDS): Promise<SimCredentials> {
    return this.run('AssumeRole', session => {
      const { roleArn, externalId, sessionName } = role;
      if (roleArn.length < 20)
        throw stsErrors.invalidParameter('roleArn', roleArn, 'Member must have length greater than or equal to 20');
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw stsErrors.invalidParameter(
          'roleSessionName',
          sessionName,
          'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
        );
      }
      if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
        throw stsErrors.invalidParameter(
          'externalId',
          externalId,
          'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
        );
      }
      if (durationSeconds < 900)
        throw stsErrors.invalidParameter(
          'durationSeconds',
          String(durationSeconds),
          'Member must have value greater than or equal to 900',
        );
      if (durationSeconds > SESSION_SECONDS) throw stsErrors.durationTooLong();
      const callerArn =
        session?.roleArn ??
        this.world.state.principalArn ??
        defaultPrincipalArn(this.world.state.accountId, this.region);
      const parsed = parseRoleArn(roleArn);
      const account = this.accounts().find(a => a.accountId === parsed?.accountId);
      const target = account?.roles.find(r => r.name === parsed?.name);
      const admitted =
        target !== undefined &&
        this.roleArnIn(account!, target) === roleArn &&
        trustAdmitsPrincipal(target.assumeRolePolicy, {
          principalArn: callerArn,
          sessionName,
          ...(externalId !== undefined ? { externalId } : {}),
        });
      if (!admitted)
        throw stsErrors.assumeRoleDenied(
          session ? assumedRoleArnOf(session.roleArn, session.sessionName) : callerArn,
          roleArn,
        );
      const expiresAt = this.clock.now() + durationSeconds * 1000;
      const accessKeyId = `ASIASIM${String(this.world.sessions.size + 1).padStart(13, '0')}`;
      this.world.sessions.set(accessKeyId, { accountId: account!.accountId, roleArn, sessionName, expiresAt });
      return {
        accessKeyId,
        secretAccessKey: `sim-secret-${accessKeyId}`,
        sessionToken: `sim-token-${accessKeyId}`,
        expiration: new Date(expiresAt),
      };
    });
  }

  /** Changes a cluster behind fargatekeeper's back (a version update starting or ending, a status change). */
  updateCluster(
    ref: ClusterRef,
    patch: Partial<Pick<SimCluster, 'status' | 'updateInProgress' | 'vpcId' | 'subnetIds'>>,
  ): void {
    const cluster = this.findCluster(ref);
    if (!cluster) throw eksErrors.clusterNotFound(ref.name);
    Object.assign(cluster, clone(patch));
  }

  get timings(): Required<SimTimings> {
    return { ...DEFAULT_TIMINGS, ...this.world.state.timings };
  }

  // ---------------------------------------------------------------- STS / Service Quotas

  async getAccountId(): Promise<string> {
    return this.run('GetCallerIdentity', () => this.state.accountId);
  }

  async getFargateProfileQuota(_region: string): Promise<number> {
    return this.run('GetServiceQuota', () => this.quota());
  }

  // ---------------------------------------------------------------- EKS

  async describeCluster(ref: ClusterRef): Promise<ClusterInfo | undefined> {
    return this.run('DescribeCluster', () => {
      const cluster = this.findCluster(ref);
      if (!cluster) return undefined;
      return {
        region: cluster.region,
        name: cluster.name,
        arn: this.clusterArn(cluster),
        status: cluster.status,
        ...(cluster.vpcId !== undefined ? { vpcId: cluster.vpcId } : {}),
        subnetIds: [...cluster.subnetIds],
        ...(cluster.updateInProgress ? { updateInProgress: true } : {}),
        // As EKS: no API server to name while the cluster is being created.
        ...(cluster.endpoint !== undefined && cluster.status !== 'CREATING' ? { endpoint: cluster.endpoint } : {}),
        ...(cluster.certificateAuthority !== undefined && cluster.status !== 'CREATING'
          ? { certificateAuthority: cluster.certificateAuthority }
          : {}),
      };
    });
  }

  async listFargateProfiles(ref: ClusterRef, nextToken?: string): Promise<ListProfilesPage> {
    return this.run('ListFargateProfiles', () => {
      const cluster = this.requireCluster(ref);
      this.settle(cluster);
      let after = '';
      if (nextToken !== undefined) {
        if (!nextToken.startsWith(LIST_TOKEN_PREFIX)) throw eksErrors.badNextToken();
        after = decodeURIComponent(nextToken.slice(LIST_TOKEN_PREFIX.length));
      }
      // A name cursor (not an offset) keeps pages consistent while profiles come and go.
      const names = cluster.profiles
        .map(p => p.name)
        .sort()
        .filter(name => name > after);
      const page = names.slice(0, this.world.pageSize);
      const more = names.length > page.length;
      return {
        names: page,
        ...(more ? { nextToken: LIST_TOKEN_PREFIX + encodeURIComponent(page[page.length - 1]!) } : {}),
      };
    });
  }

  async describeFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile | undefined> {
    return this.run('DescribeFargateProfile', () => {
      // EKS answers ResourceNotFoundException for a missing cluster as for a missing profile: both read as "not found".
      const cluster = this.findCluster(ref);
      if (!cluster) return undefined;
      this.settle(cluster);
      const profile = cluster.profiles.find(p => p.name === name);
      return profile ? this.live(cluster, profile) : undefined;
    });
  }

  async createFargateProfile(input: CreateProfileInput): Promise<LiveProfile> {
    return this.run('CreateFargateProfile', () => {
      const cluster = this.requireCluster(input.cluster);
      this.settle(cluster);
      const name = input.name;

      if (input.clientRequestToken !== undefined) {
        const earlier = cluster.profiles.find(p => p.clientRequestToken === input.clientRequestToken);
        if (earlier) {
          if (earlier.name === name && this.sameRequest(earlier, input, cluster)) return this.live(cluster, earlier);
          throw eksErrors.tokenReused();
        }
      }

      if (cluster.updateInProgress || cluster.status === 'UPDATING')
        throw eksErrors.clusterUpdating('create', name, cluster.name);
      if (cluster.status !== 'ACTIVE') throw eksErrors.clusterNotActive(cluster.name);
      if (cluster.profiles.some(p => p.name === name)) throw eksErrors.profileExists();

      this.checkProfileParameters(input);
      const subnets = this.checkSubnets(cluster, input.subnets);

      const busy =
        cluster.profiles.find(p => p.status === 'CREATING') ?? cluster.profiles.find(p => p.status === 'DELETING');
      if (busy) throw eksErrors.busy('create', name, cluster.name, busy.name, busy.status);
      if (cluster.profiles.length >= this.quota()) throw eksErrors.quotaExceeded(cluster.name, this.quota());

      const now = this.clock.now();
      const createdAt = new Date(now).toISOString();
      const arn = this.profileArn(cluster, name, createdAt);
      this.checkRole(input.podExecutionRoleArn, arn);

      const failure = this.world.faults.take(
        'create-failed',
        f => (f.cluster === undefined || f.cluster === cluster.name) && profileMatches(f.profile, name),
      );
      const profile: SimProfile = {
        name,
        status: 'CREATING',
        podExecutionRoleArn: input.podExecutionRoleArn,
        subnets,
        selectors: input.selectors.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } })),
        tags: { ...input.tags },
        createdAt,
        arn,
        health: [],
        ...(input.clientRequestToken !== undefined ? { clientRequestToken: input.clientRequestToken } : {}),
        transition: {
          to: failure ? 'CREATE_FAILED' : 'ACTIVE',
          at: new Date(now + this.timings.createSeconds * 1000).toISOString(),
          ...(failure ? { health: clone(failure.health) } : {}),
        },
      };
      cluster.profiles.push(profile);
      return this.live(cluster, profile);
    });
  }

  async deleteFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile> {
    return this.run('DeleteFargateProfile', () => {
      const cluster = this.requireCluster(ref);
      this.settle(cluster);
      const profile = cluster.profiles.find(p => p.name === name);
      if (!profile) throw eksErrors.profileNotFound(name);
      if (cluster.updateInProgress || cluster.status === 'UPDATING')
        throw eksErrors.clusterUpdating('Delete', name, cluster.name);
      const busy =
        cluster.profiles.find(p => p.status === 'DELETING') ?? (profile.status === 'CREATING' ? profile : undefined);
      if (busy) throw eksErrors.busy('Delete', name, cluster.name, busy.name, busy.status);

      const failure = this.world.faults.take(
        'delete-failed',
        f => (f.cluster === undefined || f.cluster === cluster.name) && profileMatches(f.profile, name),
      );
      const now = this.clock.now();
      profile.status = 'DELETING';
      profile.transition = {
        to: failure ? 'DELETE_FAILED' : 'DELETED',
        at: new Date(now + this.timings.deleteSeconds * 1000).toISOString(),
        ...(failure?.health ? { health: clone(failure.health) } : {}),
      };
      return this.live(cluster, profile);
    });
  }

  async tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void> {
    return this.run('TagResource', () => {
      const target = this.findTaggable(region, arn);
      for (const key of Object.keys(tags)) if (key.toLowerCase().startsWith('aws:')) throw eksErrors.reservedTag(key);
      const merged = { ...target.tags, ...tags };
      if (Object.keys(merged).length > 50) throw eksErrors.tooManyTags();
      target.tags = merged;
    });
  }

  async untagResource(region: string, arn: string, keys: string[]): Promise<void> {
    return this.run('UntagResource', () => {
      const target = this.findTaggable(region, arn);
      const tags = { ...target.tags };
      for (const key of keys) delete tags[key];
      target.tags = tags;
    });
  }

  // ---------------------------------------------------------------- EC2

  async describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]> {
    return this.run('DescribeSubnets', () => {
      const result: SubnetInfo[] = [];
      for (const id of new Set(ids)) {
        const found = this.findSubnet(region, id);
        if (found) result.push({ id, vpcId: found.vpc.id, availabilityZone: found.availabilityZone });
      }
      return result;
    });
  }

  async describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]> {
    return this.run('DescribeRouteTables', () => {
      const vpc = this.state.vpcs.find(v => v.region === region && v.id === vpcId);
      return (vpc?.routeTables ?? []).map(t => ({ ...clone(t), vpcId }));
    });
  }

  // ---------------------------------------------------------------- IAM

  async getRole(name: string): Promise<RoleInfo | undefined> {
    return this.run('GetRole', () => {
      const role = this.findRole(name);
      return role ? this.roleInfo(role) : undefined;
    });
  }

  async listRoles(pathPrefix: string): Promise<RoleSummary[]> {
    return this.run('ListRoles', () =>
      this.state.roles
        .filter(r => (r.path ?? '/').startsWith(pathPrefix))
        .map(r => ({ name: r.name, arn: this.roleArn(r), path: r.path ?? '/' })),
    );
  }

  async createRole(input: CreateRoleInput): Promise<RoleInfo> {
    return this.run('CreateRole', () => {
      if (!/^[\w+=,.@-]{1,64}$/.test(input.name)) throw iamErrors.badRoleName(input.name);
      // IAM role names are unique regardless of case.
      if (this.state.roles.some(r => r.name.toLowerCase() === input.name.toLowerCase()))
        throw iamErrors.roleExists(input.name);
      if (Object.keys(input.tags).length > 50) throw iamErrors.tooManyTags();
      if (input.path !== undefined && !/^\/(?:[\x21-\x7e]*\/)?$/.test(input.path))
        throw iamErrors.badRolePath(input.path);
      const role: SimRole = {
        name: input.name,
        ...(input.path !== undefined && input.path !== '/' ? { path: input.path } : {}),
        assumeRolePolicy: clone(input.assumeRolePolicy),
        tags: { ...input.tags },
        attachedPolicyArns: [],
        ...(input.description !== undefined ? { description: input.description } : {}),
        createdAt: new Date(this.clock.now()).toISOString(),
      };
      this.state.roles.push(role);
      return this.roleInfo(role);
    });
  }

  async tagRole(name: string, tags: Record<string, string>): Promise<void> {
    return this.run('TagRole', () => {
      const role = this.requireRole(name);
      const merged = { ...role.tags, ...tags };
      if (Object.keys(merged).length > 50) throw iamErrors.tooManyTags();
      role.tags = merged;
    });
  }

  async attachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.run('AttachRolePolicy', () => {
      const role = this.requireRole(name);
      if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+/.test(policyArn)) throw iamErrors.badPolicyArn(policyArn);
      // IAM answers success when the policy is attached already.
      if (!role.attachedPolicyArns.includes(policyArn)) role.attachedPolicyArns.push(policyArn);
    });
  }

  async detachRolePolicy(name: string, policyArn: string): Promise<void> {
    return this.run('DetachRolePolicy', () => {
      const role = this.requireRole(name);
      if (!role.attachedPolicyArns.includes(policyArn)) throw iamErrors.policyNotAttached(policyArn);
      role.attachedPolicyArns = role.attachedPolicyArns.filter(a => a !== policyArn);
    });
  }

  async deleteRole(name: string): Promise<void> {
    return this.run('DeleteRole', () => {
      const role = this.requireRole(name);
      if (role.attachedPolicyArns.length > 0) throw iamErrors.deleteConflict();
      this.state.roles = this.state.roles.filter(r => r !== role);
    });
  }

  // ---------------------------------------------------------------- the machinery

  /**
   * One API call: counted, delayed by its latency, maybe throttled or failed by an injected error,
   * then `operation` acts on the state. An `afterEffect` fault throws after the operation took
   * effect, like a response lost on the way back (the caller cannot tell whether it happened).
   */
  private async run<T>(api: SimApi, operation: (session: SimSession | undefined) => T): Promise<T> {
    // As an SDK client: the credentials first (an assumed role's AssumeRole), then the signed call.
    const credentials = this.credentials ? await this.credentials() : undefined;
    await this.call(api);
    const session = credentials && this.sessionOf(credentials, api);
    const value = operation(session);
    const lost = this.world.faults.take('error', f => f.api === api && f.afterEffect === true);
    if (lost) throw new AccountError(lost.name, lost.message ?? `Injected ${lost.name}`, lost.statusCode ?? 500);
    return value;
  }

  /** Counts the call, waits its latency, then applies throttling and injected errors. */
  private async call(api: SimApi): Promise<void> {
    const { world } = this;
    world.calls[api] = (world.calls[api] ?? 0) + 1;
    const latency = typeof world.latency === 'number' ? world.latency : (world.latency?.[api] ?? 0);
    if (latency > 0) await this.clock.sleep(latency);
    if (world.throttleRate > 0 && world.random() < world.throttleRate) {
      world.throttled++;
      throw this.throttleError(api);
    }
    const fault = world.faults.take('error', f => f.api === api && f.afterEffect !== true);
    if (fault) throw new AccountError(fault.name, fault.message ?? `Injected ${fault.name}`, fault.statusCode ?? 500);
  }

  private throttleError(api: SimApi): AccountError {
    if (api === 'DescribeSubnets' || api === 'DescribeRouteTables') return ec2Errors.throttled();
    if (
      [
        'GetRole',
        'ListRoles',
        'CreateRole',
        'TagRole',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'DeleteRole',
        'GetCallerIdentity',
        'AssumeRole',
      ].includes(api)
    )
      return iamErrors.throttled();
    return eksErrors.throttled();
  }

  /** The session of an assumed role's credentials, as the service checks them once the call arrives. */
  private sessionOf(credentials: SimCredentials, api: SimApi): SimSession {
    const session = this.world.sessions.get(credentials.accessKeyId);
    if (!session || session.accountId !== this.state.accountId) throw credentialErrors.invalid();
    if (this.clock.now() >= session.expiresAt) throw credentialErrors.expired(EKS_APIS.has(api));
    return session;
  }

  /** Every account of the world: the base one first. */
  private accounts(): SimAccountState[] {
    return [this.world.state, ...(this.world.state.accounts ?? [])];
  }

  private quota(): number {
    return this.world.state.quotas?.fargateProfilesPerCluster ?? DEFAULT_PROFILE_QUOTA;
  }

  /** In-flight profiles read from a file without a transition time get one now. */
  private fillTransitions(): void {
    const now = this.clock.now();
    for (const cluster of this.accounts().flatMap(a => a.clusters)) {
      for (const profile of cluster.profiles) {
        if (profile.transition) continue;
        if (profile.status === 'CREATING') {
          const at = Math.max(Date.parse(profile.createdAt) + this.timings.createSeconds * 1000, now);
          profile.transition = { to: 'ACTIVE', at: new Date(at).toISOString() };
        } else if (profile.status === 'DELETING') {
          profile.transition = { to: 'DELETED', at: new Date(now + this.timings.deleteSeconds * 1000).toISOString() };
        }
      }
    }
  }

  /** Applies every transition that is due: the lazy heart of the simulator. */
  private settle(cluster: SimCluster): void {
    const now = this.clock.now();
    cluster.profiles = cluster.profiles.filter(profile => {
      const t = profile.transition;
      if (!t || Date.parse(t.at) > now) return true;
      delete profile.transition;
      if (t.to === 'DELETED') return false;
      profile.status = t.to;
      profile.health = t.health ? clone(t.health) : [];
      return true;
    });
  }

  private findCluster(ref: ClusterRef): SimCluster | undefined {
    return this.state.clusters.find(c => c.name === ref.name && c.region === ref.region);
  }

  private requireCluster(ref: ClusterRef): SimCluster {
    const cluster = this.findCluster(ref);
    if (!cluster) throw eksErrors.clusterNotFound(ref.name);
    return cluster;
  }

  private clusterArn(cluster: SimCluster): string {
    return `arn:${partitionOf(cluster.region)}:eks:${cluster.region}:${this.state.accountId}:cluster/${cluster.name}`;
  }

  private profileArn(cluster: SimCluster, name: string, createdAt: string): string {
    const uuid = stableUuid(`${cluster.region}/${cluster.name}/${name}/${createdAt}`);
    return `arn:${partitionOf(cluster.region)}:eks:${cluster.region}:${this.state.accountId}:fargateprofile/${cluster.name}/${name}/${uuid}`;
  }

  private live(cluster: SimCluster, profile: SimProfile): LiveProfile {
    return {
      cluster: cluster.name,
      region: cluster.region,
      name: profile.name,
      arn: profile.arn ?? this.profileArn(cluster, profile.name, profile.createdAt),
      status: profile.status,
      podExecutionRoleArn: profile.podExecutionRoleArn,
      subnets: [...profile.subnets],
      selectors: profile.selectors.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } })),
      tags: { ...profile.tags },
      createdAt: profile.createdAt,
      // A structured copy, not a JSON round trip: every describe of a plan comes through here.
      health: (profile.health ?? []).map(h => ({
        ...h,
        ...(h.resourceIds ? { resourceIds: [...h.resourceIds] } : {}),
      })),
    };
  }

  private sameRequest(profile: SimProfile, input: CreateProfileInput, cluster: SimCluster): boolean {
    const subnets = input.subnets.length > 0 ? input.subnets : this.privateSubnetsOf(cluster);
    return (
      profile.podExecutionRoleArn === input.podExecutionRoleArn &&
      sameSet(profile.subnets, subnets) &&
      sameSelectors(profile.selectors, input.selectors) &&
      JSON.stringify(sortedTags(profile.tags)) === JSON.stringify(sortedTags(input.tags))
    );
  }

  private checkProfileParameters(input: CreateProfileInput): void {
    const { name } = input;
    if (name.length > 100) throw eksErrors.nameTooLong();
    if (name.startsWith('eks-')) throw eksErrors.reservedPrefix();
    if (!/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(name)) throw eksErrors.badName(name);
    if (input.selectors.length === 0) throw eksErrors.needsSelector();
    if (input.selectors.length > 5) throw eksErrors.tooManySelectors();
    for (const selector of input.selectors) {
      if (!selector.namespace) throw eksErrors.selectorNeedsNamespace();
      const labels = Object.entries(selector.labels ?? {});
      if (labels.length > 5) throw eksErrors.tooManyLabels();
      for (const [key, value] of labels) {
        if (key.length < 1 || key.length > 127) throw eksErrors.badLabel('key', key, 127);
        if (value.length < 1 || value.length > 255) throw eksErrors.badLabel('value', value, 255);
      }
    }
    if (Object.keys(input.tags).length > 50) throw eksErrors.tooManyTagsOnCreate();
    const reserved = Object.keys(input.tags).find(key => key.toLowerCase().startsWith('aws:'));
    if (reserved !== undefined) throw eksErrors.reservedTagOnCreate(reserved);
  }

  /** EKS takes the cluster's private subnets when none are given; given ones must be private and in the cluster VPC. */
  private checkSubnets(cluster: SimCluster, requested: string[]): string[] {
    if (requested.length === 0) {
      const privates = this.privateSubnetsOf(cluster);
      if (privates.length === 0) throw eksErrors.noPrivateSubnets(cluster.name);
      return privates;
    }
    const clusterVpc = this.clusterVpcId(cluster);
    for (const id of requested) {
      const found = this.findSubnet(cluster.region, id);
      if (!found) throw eksErrors.subnetMissing(id);
      if (clusterVpc !== undefined && found.vpc.id !== clusterVpc) throw eksErrors.subnetOtherVpc(id, clusterVpc);
      if (this.isPublic(found.vpc, id)) throw eksErrors.publicSubnet(id);
    }
    return [...new Set(requested)];
  }

  private clusterVpcId(cluster: SimCluster): string | undefined {
    if (cluster.vpcId !== undefined) return cluster.vpcId;
    for (const id of cluster.subnetIds) {
      const found = this.findSubnet(cluster.region, id);
      if (found) return found.vpc.id;
    }
    return undefined;
  }

  private privateSubnetsOf(cluster: SimCluster): string[] {
    return cluster.subnetIds.filter(id => {
      const found = this.findSubnet(cluster.region, id);
      return found !== undefined && !this.isPublic(found.vpc, id);
    });
  }

  private isPublic(vpc: SimVpc, subnetId: string): boolean {
    const table = vpc.routeTables.find(t => t.subnetIds.includes(subnetId)) ?? vpc.routeTables.find(t => t.main);
    return (table?.routes ?? []).some(r => r.gatewayId?.startsWith('igw-'));
  }

  private findSubnet(region: string, id: string): { vpc: SimVpc; availabilityZone: string } | undefined {
    for (const vpc of this.state.vpcs) {
      if (vpc.region !== region) continue;
      const subnet = vpc.subnets.find(s => s.id === id);
      if (subnet) return { vpc, availabilityZone: subnet.availabilityZone };
    }
    return undefined;
  }

  /**
   * EKS checks it may assume the role for this profile. A missing role, a trust without the Fargate
   * principal (or whose aws:SourceArn condition excludes this profile) and a role IAM has not yet
   * propagated all get the same "Misconfigured PodExecutionRole Trust Policy" answer.
   */
  private checkRole(roleArn: string, profileArn: string): void {
    const name = roleNameFromArn(roleArn);
    const role =
      name !== undefined && accountIdFromArn(roleArn) === this.state.accountId ? this.findRole(name) : undefined;
    if (!role || this.roleArn(role) !== roleArn) throw eksErrors.misconfiguredRole();
    const age = role.createdAt ? this.clock.now() - Date.parse(role.createdAt) : Infinity;
    if (age < this.timings.iamPropagationSeconds * 1000) throw eksErrors.misconfiguredRole();
    const context = { sourceArn: profileArn, sourceAccount: this.state.accountId };
    if (!trustAdmitsService(role.assumeRolePolicy, FARGATE_PODS_PRINCIPAL, context))
      throw eksErrors.misconfiguredRole();
  }

  private findRole(name: string): SimRole | undefined {
    return this.state.roles.find(r => r.name === name);
  }

  private requireRole(name: string): SimRole {
    const role = this.findRole(name);
    if (!role) throw iamErrors.noSuchRole(name);
    return role;
  }

  private roleArn(role: SimRole): string {
    return this.roleArnIn(this.state, role);
  }

  private roleArnIn(account: SimAccountState, role: SimRole): string {
    return `arn:${partitionOf(this.region)}:iam::${account.accountId}:role${role.path ?? '/'}${role.name}`;
  }

  private roleInfo(role: SimRole): RoleInfo {
    return {
      name: role.name,
      arn: this.roleArn(role),
      path: role.path ?? '/',
      assumeRolePolicy: clone(role.assumeRolePolicy),
      tags: { ...role.tags },
      attachedPolicyArns: [...role.attachedPolicyArns],
    };
  }

  private findTaggable(region: string, arn: string): { tags: Record<string, string> } {
    for (const cluster of this.state.clusters) {
      if (cluster.region !== region) continue;
      this.settle(cluster);
      const profile = cluster.profiles.find(p => (p.arn ?? this.profileArn(cluster, p.name, p.createdAt)) === arn);
      if (profile) return profile;
    }
    throw eksErrors.tagTargetNotFound(arn);
  }
}
