import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { AccountReader } from '../account/AccountReader';
import { DEFAULT_FARGATE_PROFILE_QUOTA, profilesAfterApply, subnetRouting } from '../account/eksFacts';
import { parseRoleArn, trustAdmitsService } from '../account/trust';
import {
  FARGATE_POD_EXECUTION_POLICY_ARN,
  FARGATE_PODS_PRINCIPAL,
  clusterKey,
  managedSpecOf,
  type ClusterInfo,
  type ClusterRef,
  type RouteTable,
  type SubnetInfo,
} from '../account/types';
import { errorText } from '../errorText';
import { byString } from '../order';
import { quote } from '../spec/quote';
import type { ProfileSpec } from '../spec/types';
import { joinHint, joinSuggestions } from './quotaJoin';
import { specDiagnostic } from './staticPosition';

export interface LiveOptions {
  /** Region of specs that name none (the run's region). */
  defaultRegion: string;
  /**
   * Regions whose quota could not be read (with why) are recorded here instead of reported: for a
   * caller that validates cluster by cluster (plan) and says each region's fallback once, with
   * {@link quotaFallbackInfos}. Without it, validateLive says it once per region itself.
   */
  quotaFallbacks?: Map<string, unknown>;
}

const byPosition = (a: ProfileSpec, b: ProfileSpec): number =>
  byString(a.source.file, b.source.file) || a.source.line - b.source.line || a.source.column - b.source.column;

/**
 * Checks specs against the account, reading through `reader` (shared with the planner, so nothing
 * is read twice): the cluster exists and is ACTIVE; subnets exist, are private and lie in the
 * cluster's VPC; the pod execution role exists and trusts `eks-fargate-pods.amazonaws.com`; the
 * cluster stays within its profile quota. Each finding sits at the spec field it is about. A check
 * that cannot be made (access denied, network) is an `info` diagnostic, never a failure.
 * Diagnostics come sorted by position (see sortDiagnostics).
 */
export async function validateLive(
  specs: ProfileSpec[],
  reader: AccountReader,
  options: LiveOptions,
): Promise<Diagnostic[]> {
  const groups = new Map<string, { ref: ClusterRef; specs: ProfileSpec[] }>();
  for (const spec of specs) {
    const ref = { region: spec.region ?? options.defaultRegion, name: spec.cluster };
    const k = clusterKey(ref);
    const group = groups.get(k) ?? { ref, specs: [] };
    group.specs.push(spec);
    groups.set(k, group);
  }
  const quotaFallbacks = options.quotaFallbacks ?? new Map<string, unknown>();
  const results = await Promise.all(
    [...groups.values()].map(g =>
      new ClusterCheck(reader, g.ref, g.specs.sort(byPosition), options, quotaFallbacks).run(),
    ),
  );
  const fallbacks = options.quotaFallbacks ? [] : quotaFallbackInfos(quotaFallbacks, specs, options.defaultRegion);
  // Reads finish in any order; the findings come out in a stable one.
  return sortDiagnostics([...results.flat(), ...fallbacks]);
}

/**
 * The quota is one read per region (the reader keeps even its failure), so its fallback is said once
 * per region, at the region's first spec by position, however many clusters assumed the default.
 */
export function quotaFallbackInfos(
  fallbacks: ReadonlyMap<string, unknown>,
  specs: readonly ProfileSpec[],
  defaultRegion: string,
): Diagnostic[] {
  return [...fallbacks].flatMap(([region, error]) => {
    const first = specs.filter(s => (s.region ?? defaultRegion) === region).sort(byPosition)[0];
    if (!first) return [];
    return specDiagnostic(
      first,
      'info',
      'live.check-skipped',
      `the Fargate profile quota of region \`${region}\` could not be read (${errorText(error)}); assuming the EKS default of ${DEFAULT_FARGATE_PROFILE_QUOTA} profiles per cluster`,
      'cluster',
    );
  });
}

/** The cluster as read: `info` undefined without `error` means it does not exist. */
interface ClusterRead {
  info?: ClusterInfo;
  error?: unknown;
}

/** The checks of one cluster's specs; reads go through the shared reader. */
class ClusterCheck {
  private readonly out: Diagnostic[] = [];
  private readonly skipped = new Set<string>();
  private vpcId?: Promise<string | undefined>;

  constructor(
    private readonly reader: AccountReader,
    private readonly ref: ClusterRef,
    private readonly specs: ProfileSpec[],
    private readonly options: LiveOptions,
    /** Regions whose quota could not be read, with why: said once per region by validateLive. */
    private readonly quotaFallbacks: Map<string, unknown>,
  ) {}

  async run(): Promise<Diagnostic[]> {
    // Every read starts at once (the cluster, subnets and their route tables, roles, the profile
    // list): the checks wait only for what they compare, so validation costs no extra round trips.
    const cluster: Promise<ClusterRead> = this.reader.describeCluster(this.ref).then(
      info => ({ info }),
      (error: unknown) => ({ error }),
    );
    // Route tables need a VPC id, which the cluster and each subnet give: whichever answers first
    // starts the read (the reader coalesces the same VPC's read), so the cluster's own subnets (specs
    // without subnets) and subnets still being described do not delay it.
    void cluster.then(({ info }) => {
      if (info?.vpcId !== undefined)
        this.reader.describeRouteTables(this.ref.region, info.vpcId).catch(() => undefined);
    });
    await Promise.all([
      this.checkCluster(cluster),
      ...this.specs.map(spec => this.checkSubnets(spec, cluster)),
      ...this.specs.map(spec => this.checkRole(spec)),
      this.checkQuota(cluster),
    ]);
    return this.out;
  }

  private async checkCluster(read: Promise<ClusterRead>): Promise<void> {
    const { info, error } = await read;
    if (error !== undefined) {
      this.skip(
        'cluster',
        this.specs[0]!,
        `cluster \`${this.ref.name}\` could not be read (${errorText(error)}); whether it exists and is ACTIVE was not checked`,
        'cluster',
      );
    } else if (!info) {
      for (const spec of this.specs) this.clusterMissing(spec);
    } else {
      this.clusterStatus(info);
    }
  }

  private clusterMissing(spec: ProfileSpec): void {
    this.out.push(
      specDiagnostic(
        spec,
        'error',
        'live.cluster-missing',
        `cluster \`${this.ref.name}\` does not exist in region \`${this.ref.region}\``,
        'cluster',
        spec.region === undefined
          ? {
              hint: `the region is the run's (\`${this.options.defaultRegion}\`); set \`region\` in the spec if the cluster is elsewhere`,
            }
          : {},
      ),
    );
  }

  private clusterStatus(cluster: ClusterInfo): void {
    for (const spec of this.specs) {
      if (cluster.status === 'UPDATING' || (cluster.status === 'ACTIVE' && cluster.updateInProgress)) {
        this.out.push(
          specDiagnostic(
            spec,
            'warning',
            'live.cluster-updating',
            `cluster \`${cluster.name}\` has an update in progress; EKS refuses profile changes until it ends (apply waits and retries)`,
            'cluster',
          ),
        );
      } else if (cluster.status !== 'ACTIVE') {
        this.out.push(
          specDiagnostic(
            spec,
            'error',
            'live.cluster-not-active',
            `cluster \`${cluster.name}\` is ${cluster.status}, not ACTIVE; EKS accepts Fargate profile changes only on an ACTIVE cluster`,
            'cluster',
          ),
        );
      }
    }
  }

  /** The cluster's VPC: from the cluster, else from the first of its subnets that exists. */
  private clusterVpc(cluster: ClusterInfo): Promise<string | undefined> {
    this.vpcId ??=
      cluster.vpcId !== undefined
        ? Promise.resolve(cluster.vpcId)
        : this.reader.describeSubnets(cluster.region, cluster.subnetIds).then(found => found[0]?.vpcId);
    return this.vpcId;
  }

  private async checkSubnets(spec: ProfileSpec, clusterRead: Promise<ClusterRead>): Promise<void> {
    const region = this.ref.region;
    // Left to EKS by a migration document: the plan takes them from the live profile, which EKS accepted.
    if (spec.subnets.length === 0 && spec.leftToTool?.subnets) return;
    if (spec.subnets.length === 0) {
      const { info } = await clusterRead;
      if (info) await this.checkDefaultSubnets(spec, info);
      return;
    }
    const subnets = spec.subnets.map(id => this.reader.describeSubnet(region, id));
    // Route tables are asked for as soon as a subnet's VPC is known, beside the cluster read.
    const routes = subnets.map(s =>
      s.then(subnet => (subnet ? this.reader.describeRouteTables(region, subnet.vpcId) : undefined)),
    );
    routes.forEach(r => r.catch(() => undefined));
    let found: (SubnetInfo | undefined)[];
    try {
      found = await Promise.all(subnets);
    } catch (error) {
      this.skip('subnets', spec, `subnets could not be read (${errorText(error)}); they were not checked`, 'subnets');
      return;
    }
    const { info: cluster } = await clusterRead;
    let clusterVpc: string | undefined;
    try {
      clusterVpc = cluster ? await this.clusterVpc(cluster) : undefined;
    } catch (error) {
      this.skip(
        'cluster-vpc',
        spec,
        `the VPC of cluster \`${this.ref.name}\` could not be read (${errorText(error)}); whether the subnets lie in it was not checked`,
        'subnets',
      );
    }
    await Promise.all(
      spec.subnets.map(async (id, i) => {
        const field = `subnets[${i}]`;
        const subnet = found[i];
        if (!subnet) {
          this.error(spec, 'live.subnet-missing', `subnet ${quote(id)} does not exist in region \`${region}\``, field);
          return;
        }
        if (clusterVpc !== undefined && subnet.vpcId !== clusterVpc) {
          this.error(
            spec,
            'live.subnet-other-vpc',
            `subnet ${quote(id)} is in VPC \`${subnet.vpcId}\`, not in VPC \`${clusterVpc}\` of cluster \`${this.ref.name}\``,
            field,
            'Fargate pods run in subnets of the cluster VPC',
          );
          return;
        }
        let tables: RouteTable[];
        try {
          tables = (await routes[i])!;
        } catch (error) {
          this.skip(
            `routes:${subnet.vpcId}`,
            spec,
            `route tables of VPC \`${subnet.vpcId}\` could not be read (${errorText(error)}); whether its subnets are private was not checked`,
            field,
          );
          return;
        }
        const routing = subnetRouting(id, tables);
        if (routing.internetRoute) {
          this.error(
            spec,
            'live.subnet-public',
            `subnet ${quote(id)} is public: route table \`${routing.routeTable!.id}\` sends \`${routing.internetRoute.destination}\` to internet gateway \`${routing.internetRoute.gatewayId}\`; Fargate profiles take private subnets only`,
            field,
            'use a private subnet (outbound traffic through a NAT gateway)',
          );
        }
      }),
    );
  }

  /** A spec without subnets gets the cluster's private subnets from EKS; there must be some. */
  private async checkDefaultSubnets(spec: ProfileSpec, cluster: ClusterInfo): Promise<void> {
    try {
      const subnets = await this.reader.describeSubnets(cluster.region, cluster.subnetIds);
      const privates = await Promise.all(
        subnets.map(
          async s => !subnetRouting(s.id, await this.reader.describeRouteTables(cluster.region, s.vpcId)).internetRoute,
        ),
      );
      if (subnets.length > 0 && !privates.some(Boolean)) {
        this.error(
          spec,
          'live.no-private-subnets',
          `the spec names no subnets and cluster \`${cluster.name}\` has no private subnet for EKS to use`,
          'cluster',
          'list private subnets of the cluster VPC under `subnets`',
        );
      }
    } catch (error) {
      this.skip(
        'subnets',
        spec,
        `the cluster's subnets could not be read (${errorText(error)}); they were not checked`,
        'cluster',
      );
    }
  }

  private async checkRole(spec: ProfileSpec): Promise<void> {
    const arn = spec.podExecutionRoleArn;
    if (arn === undefined) return; // fargatekeeper creates the default role with the right trust
    const parsed = parseRoleArn(arn);
    if (parsed === undefined) return; // a malformed ARN is static validation's finding
    const { name, partition, accountId: roleAccount } = parsed;
    const field = 'podExecutionRoleArn';
    // The account id and the role are independent reads: ask both at once.
    const [idRead, roleRead] = await Promise.all([
      this.reader.getAccountId().then(
        id => ({ id }),
        () => ({ id: undefined }), // unknown: check the role by name all the same
      ),
      this.reader.getRole(name).then(
        role => ({ role }),
        (error: unknown) => ({ error }),
      ),
    ]);
    const accountId = idRead.id;
    if (accountId !== undefined && roleAccount !== accountId) {
      this.error(
        spec,
        'live.role-other-account',
        `role ${quote(arn)} belongs to account \`${roleAccount}\`, not to the cluster's account \`${accountId}\``,
        field,
        'the pod execution role must be in the account of the cluster',
      );
      return;
    }
    if ('error' in roleRead) {
      this.skip(
        `role:${name}`,
        spec,
        `role ${quote(name)} could not be read (${errorText(roleRead.error)}); it was not checked`,
        field,
      );
      return;
    }
    const { role } = roleRead;
    if (!role) {
      this.error(
        spec,
        'live.role-missing',
        `role ${quote(name)} does not exist`,
        field,
        'create it, or leave `podExecutionRoleArn` out and fargatekeeper creates a default role',
      );
      return;
    }
    if (role.arn !== arn) {
      this.error(
        spec,
        'live.role-arn-mismatch',
        `role ${quote(name)} exists as \`${role.arn}\`, not ${quote(arn)}`,
        field,
        `use \`${role.arn}\``,
      );
      return;
    }
    const account = accountId ?? roleAccount;
    const profileName = spec.profileName ?? `${spec.name}-0000000000`;
    const sourceArn = `arn:${partition}:eks:${this.ref.region}:${account}:fargateprofile/${this.ref.name}/${profileName}/00000000-0000-0000-0000-000000000000`;
    if (!trustAdmitsService(role.assumeRolePolicy, FARGATE_PODS_PRINCIPAL)) {
      this.error(
        spec,
        'live.role-trust',
        `role ${quote(name)} does not trust \`${FARGATE_PODS_PRINCIPAL}\`; EKS refuses it ("Misconfigured PodExecutionRole Trust Policy")`,
        field,
        `allow \`sts:AssumeRole\` to the service principal \`${FARGATE_PODS_PRINCIPAL}\` in the role's trust policy`,
      );
    } else if (
      !trustAdmitsService(role.assumeRolePolicy, FARGATE_PODS_PRINCIPAL, { sourceArn, sourceAccount: account })
    ) {
      this.error(
        spec,
        'live.role-trust-condition',
        `the trust policy of role ${quote(name)} admits \`${FARGATE_PODS_PRINCIPAL}\` only under a condition that excludes Fargate profiles of cluster \`${this.ref.name}\`; EKS refuses it`,
        field,
        `an \`aws:SourceArn\` condition should match \`arn:${partition}:eks:${this.ref.region}:${account}:fargateprofile/${this.ref.name}/*\``,
      );
    } else if (
      !role.attachedPolicyArns.some(a => a.replace(/^arn:[^:]+:/, 'arn:aws:') === FARGATE_POD_EXECUTION_POLICY_ARN)
    ) {
      this.out.push(
        specDiagnostic(
          spec,
          'warning',
          'live.role-policy',
          `role ${quote(name)} does not have \`AmazonEKSFargatePodExecutionRolePolicy\` attached; pods cannot pull images from ECR unless another policy allows it`,
          field,
        ),
      );
    }
  }

  private async checkQuota(clusterRead: Promise<ClusterRead>): Promise<void> {
    const first = this.specs[0]!;
    const liveRead = this.reader.listLiveProfiles(this.ref).then(
      profiles => ({ profiles }),
      (error: unknown) => ({ error }),
    );
    const quotaRead = this.reader.getFargateProfileQuota(this.ref.region).then(
      value => ({ value }),
      (error: unknown) => ({ error }),
    );
    const { info, error: clusterError } = await clusterRead;
    if (!info && clusterError === undefined) return; // no cluster, no quota to speak of
    const live = await liveRead;
    if (!('profiles' in live)) {
      this.skip(
        'quota',
        first,
        `the profiles of cluster \`${this.ref.name}\` could not be read (${errorText(live.error)}); the quota was not checked`,
        'cluster',
      );
      return;
    }
    const read = await quotaRead;
    let quota: number;
    if ('value' in read) {
      quota = read.value;
    } else {
      quota = DEFAULT_FARGATE_PROFILE_QUOTA;
      if (!this.quotaFallbacks.has(this.ref.region)) this.quotaFallbacks.set(this.ref.region, read.error);
    }
    const usage = profilesAfterApply(this.specs, live.profiles);
    if (usage.total <= quota) return;
    // The specs that do not fit are the new ones (no live profile carries their name), last first.
    const existing = new Set(live.profiles.map(p => managedSpecOf(p.tags)).filter(spec => spec !== undefined));
    const fresh = this.specs.filter(s => !existing.has(s.name) && s.adopt === undefined);
    const excess = usage.total - quota;
    const blamed = fresh.length > 0 ? fresh.slice(-excess) : [first];
    const message =
      `cluster \`${this.ref.name}\` would have ${usage.total} Fargate profiles (${usage.fromSpecs} from specs` +
      `${usage.unmanaged > 0 ? `, ${usage.unmanaged} not managed by fargatekeeper` : ''}); the quota is ${quota}`;
    for (const spec of blamed) {
      // A new spec could join a profile that exists instead (the hint says so, the suggestion carries the edit).
      const [join, ...others] = fresh.includes(spec) ? joinSuggestions(spec, this.specs, live.profiles) : [];
      const hint = join
        ? `${joinHint(join)}${others.length > 0 ? ` (or to ${others.map(o => `spec \`${o.spec}\``).join(', ')})` : ''}; or raise "Fargate profiles per cluster" in Service Quotas`
        : 'raise "Fargate profiles per cluster" in Service Quotas, or remove or merge profiles (a profile takes up to 5 selectors)';
      this.out.push({
        ...specDiagnostic(spec, 'error', 'live.quota-exceeded', message, 'name', { hint }),
        ...(join ? { suggestion: join } : {}),
      });
    }
  }

  private error(spec: ProfileSpec, code: string, message: string, field: string, hint?: string): void {
    this.out.push(specDiagnostic(spec, 'error', code, message, field, hint ? { hint } : {}));
  }

  /** A check that could not be made: said once per cluster and kind, as info. */
  private skip(kind: string, spec: ProfileSpec, message: string, field: string): void {
    if (this.skipped.has(kind)) return;
    this.skipped.add(kind);
    this.out.push(specDiagnostic(spec, 'info', 'live.check-skipped', message, field));
  }
}
