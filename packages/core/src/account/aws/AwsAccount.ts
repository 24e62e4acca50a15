import {
  EC2Client,
  paginateDescribeRouteTables,
  paginateDescribeSubnets,
  type RouteTable as Ec2RouteTable,
} from '@aws-sdk/client-ec2';
import {
  CreateFargateProfileCommand,
  DeleteFargateProfileCommand,
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  ListFargateProfilesCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type FargateProfile,
} from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  TagRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListRoles,
  type Role,
} from '@aws-sdk/client-iam';
import {
  GetAWSDefaultServiceQuotaCommand,
  GetServiceQuotaCommand,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { refreshingCredentials } from '../credentials';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '../../callPolicy';
import { CallTimeoutError } from '../../callTimeout';
import type {
  Account,
  AssumeRoleTarget,
  AssumesRoles,
  ClusterInfo,
  ClusterRef,
  ClusterStatus,
  CreateProfileInput,
  CreateRoleInput,
  ListProfilesPage,
  LiveProfile,
  PolicyDocument,
  ProfileStatus,
  RoleInfo,
  RoleSummary,
  RouteTable,
  SubnetInfo,
} from '../types';

/** Service Quotas code of "Fargate profiles per cluster" (service `eks`). */
export const FARGATE_PROFILES_QUOTA_CODE = 'L-33415657';

/** Settings handed to every SDK client; leave out to use the SDK's own chains. */
export interface AwsClientSettings {
  /** e.g. `credentials`, `endpoint`; over the call policy's `maxAttempts`, `retryMode` and `requestHandler`, only when the caller really means it. */
  [setting: string]: unknown;
}

export interface AwsAccountOptions {
  /** The run's default region (clusters without one, IAM and STS). */
  region: string;
  /**
   * Extra client configuration. By default nothing is set but the region, so the SDK's standard
   * chains apply: credentials from env, profiles, SSO, OIDC web identity, IMDS; endpoints from
   * `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_EKS` / config files.
   */
  clientConfig?: AwsClientSettings;
  /**
   * Timeout per attempt (connecting and answering) and attempts of every call, default
   * DEFAULT_CALL_POLICY (30 s, 3 attempts). Configured once, in each SDK client's retry strategy and
   * HTTP handler; nothing above the account retries again (`retriesTransientErrors`).
   */
  callPolicy?: CallPolicy;
}

/**
 * The SDK clients by how they spend the call policy. EKS, EC2 and IAM take a plan's fan-out, and AWS
 * throttles them per account and region (IAM per account), which is the scope of one client here: the
 * SDK's adaptive mode adds client-side rate limiting to the standard retries. STS answers one call per
 * run: standard retries. The quota is optional (validation falls back to EKS's default without it):
 * one attempt, so an endpoint without Service Quotas (moto) costs one call, not a retry storm.
 */
type ClientKind = 'eks' | 'ec2' | 'iam' | 'sts' | 'quotas';

/**
 * The SDK's timeouts all carry the name `TimeoutError` (connect, request, socket silence); so does a
 * connection reset (ECONNRESET, EPIPE), which is not one.
 */
const isTimeout = (error: unknown): boolean =>
  error instanceof Error &&
  error.name === 'TimeoutError' &&
  !['ECONNRESET', 'EPIPE'].includes((error as { code?: string }).code ?? '');

/**
 * A server failure whose body the SDK could not parse (an HTML error page from a proxy or an
 * emulator): the SDK's SyntaxError text with its hint says nothing useful.
 */
const isUnreadableServerError = (error: unknown): boolean => {
  const e = error as { $response?: unknown; $metadata?: { httpStatusCode?: number } };
  return (
    error instanceof Error &&
    e.$response !== undefined &&
    (e.$metadata?.httpStatusCode ?? 0) >= 500 &&
    /Deserialization error/.test(error.message)
  );
};

/** Ids for a message: the first three, and how many more. */
const someOf = (ids: readonly string[]): string =>
  ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} (+${ids.length - 3} more)`;

/** DescribeSubnets takes at most 200 values per filter. */
const SUBNET_FILTER_LIMIT = 200;

const isNamed = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);

const toIso = (value: Date | string | undefined): string =>
  value === undefined ? new Date(0).toISOString() : new Date(value).toISOString();

/** IAM returns trust policies URL-encoded. */
export function parsePolicyDocument(text: string | undefined): PolicyDocument {
  if (!text) return { Statement: [] };
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // already plain JSON
  }
  return JSON.parse(decoded) as PolicyDocument;
}

const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function liveProfile(region: string, p: FargateProfile): LiveProfile {
  return {
    cluster: p.clusterName ?? '',
    region,
    name: p.fargateProfileName ?? '',
    arn: p.fargateProfileArn ?? '',
    status: (p.status ?? 'ACTIVE') as ProfileStatus,
    podExecutionRoleArn: p.podExecutionRoleArn ?? '',
    subnets: p.subnets ?? [],
    selectors: (p.selectors ?? []).map(s => ({ namespace: s.namespace ?? '', labels: { ...(s.labels ?? {}) } })),
    tags: { ...(p.tags ?? {}) },
    createdAt: toIso(p.createdAt),
    health: (p.health?.issues ?? []).map(i => ({
      code: i.code ?? 'Unknown',
      message: i.message ?? '',
      ...(i.resourceIds ? { resourceIds: i.resourceIds } : {}),
    })),
  };
}

function routeTable(vpcId: string, t: Ec2RouteTable): RouteTable {
  const associations = t.Associations ?? [];
  return {
    id: t.RouteTableId ?? '',
    vpcId: t.VpcId ?? vpcId,
    main: associations.some(a => a.Main === true),
    subnetIds: associations.map(a => a.SubnetId).filter((id): id is string => id !== undefined),
    routes: (t.Routes ?? []).map(r => ({
      ...(r.DestinationCidrBlock ? { destinationCidrBlock: r.DestinationCidrBlock } : {}),
      ...(r.DestinationIpv6CidrBlock ? { destinationIpv6CidrBlock: r.DestinationIpv6CidrBlock } : {}),
      ...(r.GatewayId ? { gatewayId: r.GatewayId } : {}),
      ...(r.NatGatewayId ? { natGatewayId: r.NatGatewayId } : {}),
    })),
  };
}

/**
 * The Account port over the AWS SDK v3: EKS and EC2 clients per region (created on first use),
 * IAM, STS and Service Quotas. Reads that find nothing answer `undefined`; a call whose every attempt
 * timed out throws a {@link CallTimeoutError} naming it ("DescribeCluster prod-eu timed out after
 * 30 s (3 attempts)"); every other error is the SDK's own (same `name` and `$metadata` as the
 * simulator's), so callers tell errors apart by name.
 */
export class AwsAccount implements Account, AssumesRoles {
  readonly region: string;
  /** The SDK clients retry throttling, 5xx and timeouts by the call policy: readers above add none. */
  readonly retriesTransientErrors = true;
  readonly callPolicy: CallPolicy;
  private readonly clientConfig: AwsClientSettings;
  private readonly eksClients = new Map<string, EKSClient>();
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly quotaClients = new Map<string, ServiceQuotasClient>();
  private iamClient?: IAMClient;
  private stsClient?: STSClient;

  constructor(options: AwsAccountOptions) {
    this.region = options.region;
    this.clientConfig = options.clientConfig ?? {};
    this.callPolicy = options.callPolicy ?? DEFAULT_CALL_POLICY;
  }

  eks(region: string): EKSClient {
    return this.client(this.eksClients, region, r => new EKSClient(this.settings('eks', r)));
  }

  ec2(region: string): EC2Client {
    return this.client(this.ec2Clients, region, r => new EC2Client(this.settings('ec2', r)));
  }

  serviceQuotas(region: string): ServiceQuotasClient {
    return this.client(this.quotaClients, region, r => new ServiceQuotasClient(this.settings('quotas', r)));
  }

  /** IAM is global; its client sits in the run's region (the SDK resolves the global endpoint). */
  iam(): IAMClient {
    this.iamClient ??= new IAMClient(this.settings('iam', this.region));
    return this.iamClient;
  }

  sts(): STSClient {
    this.stsClient ??= new STSClient(this.settings('sts', this.region));
    return this.stsClient;
  }

  /**
   * The account `role` lands in: the same settings and call policy, with credentials from
   * `fromTemporaryCredentials` (STS AssumeRole from this account's credentials, its STS client under
   * the call policy too), shared by every client of the new account so that one AssumeRole serves
   * them all and is made again shortly before the credentials expire (the SDK memoizes per client).
   */
  assumedRole(role: AssumeRoleTarget): AwsAccount {
    const assume = fromTemporaryCredentials({
      params: {
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName,
        ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
      },
      // This account's own settings: its credentials (or the SDK's chain), endpoint, timeouts and attempts.
      clientConfig: this.settings('sts', this.region),
    });
    return new AwsAccount({
      region: this.region,
      callPolicy: this.callPolicy,
      clientConfig: { ...this.clientConfig, credentials: refreshingCredentials(assume, Date.now) },
    });
  }

  /** The identity this account's calls are signed with in `region` (the SDK's resolved chain, or the caller's `credentials`): pod access signs its EKS tokens with it. */
  credentialsFor(region: string): AwsCredentialIdentityProvider {
    const client = this.eks(region);
    return () => client.config.credentials();
  }

  async getAccountId(): Promise<string> {
    const answer = await this.call('GetCallerIdentity', undefined, () =>
      this.sts().send(new GetCallerIdentityCommand({})),
    );
    if (!answer.Account) throw new Error('STS GetCallerIdentity answered without an account id');
    return answer.Account;
  }

  async describeCluster(ref: ClusterRef): Promise<ClusterInfo | undefined> {
    try {
      const { cluster } = await this.call('DescribeCluster', ref.name, () =>
        this.eks(ref.region).send(new DescribeClusterCommand({ name: ref.name })),
      );
      if (!cluster) return undefined;
      const status = (cluster.status ?? 'ACTIVE') as ClusterStatus;
      return {
        region: ref.region,
        name: cluster.name ?? ref.name,
        arn: cluster.arn ?? '',
        status,
        ...(cluster.resourcesVpcConfig?.vpcId ? { vpcId: cluster.resourcesVpcConfig.vpcId } : {}),
        subnetIds: cluster.resourcesVpcConfig?.subnetIds ?? [],
        ...(status === 'UPDATING' ? { updateInProgress: true } : {}),
        ...(cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
        ...(cluster.certificateAuthority?.data ? { certificateAuthority: cluster.certificateAuthority.data } : {}),
      };
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async listFargateProfiles(ref: ClusterRef, nextToken?: string): Promise<ListProfilesPage> {
    const answer = await this.call('ListFargateProfiles', ref.name, () =>
      this.eks(ref.region).send(
        new ListFargateProfilesCommand({ clusterName: ref.name, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
      ),
    );
    return { names: answer.fargateProfileNames ?? [], ...(answer.nextToken ? { nextToken: answer.nextToken } : {}) };
  }

  async describeFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile | undefined> {
    try {
      const { fargateProfile } = await this.call('DescribeFargateProfile', `${ref.name}/${name}`, () =>
        this.eks(ref.region).send(
          new DescribeFargateProfileCommand({ clusterName: ref.name, fargateProfileName: name }),
        ),
      );
      return fargateProfile ? liveProfile(ref.region, fargateProfile) : undefined;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async createFargateProfile(input: CreateProfileInput): Promise<LiveProfile> {
    const { fargateProfile } = await this.call('CreateFargateProfile', `${input.cluster.name}/${input.name}`, () =>
      this.eks(input.cluster.region).send(
        new CreateFargateProfileCommand({
          clusterName: input.cluster.name,
          fargateProfileName: input.name,
          podExecutionRoleArn: input.podExecutionRoleArn,
          ...(input.subnets.length > 0 ? { subnets: input.subnets } : {}),
          selectors: input.selectors.map(s => ({
            namespace: s.namespace,
            ...(Object.keys(s.labels ?? {}).length > 0 ? { labels: s.labels } : {}),
          })),
          tags: input.tags,
          ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
        }),
      ),
    );
    if (!fargateProfile) throw new Error(`CreateFargateProfile answered without the profile ${input.name}`);
    return liveProfile(input.cluster.region, fargateProfile);
  }

  async deleteFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile> {
    const { fargateProfile } = await this.call('DeleteFargateProfile', `${ref.name}/${name}`, () =>
      this.eks(ref.region).send(new DeleteFargateProfileCommand({ clusterName: ref.name, fargateProfileName: name })),
    );
    if (!fargateProfile) throw new Error(`DeleteFargateProfile answered without the profile ${name}`);
    return liveProfile(ref.region, fargateProfile);
  }

  async tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void> {
    await this.call('TagResource', arn, () =>
      this.eks(region).send(new TagResourceCommand({ resourceArn: arn, tags })),
    );
  }

  async untagResource(region: string, arn: string, keys: string[]): Promise<void> {
    await this.call('UntagResource', arn, () =>
      this.eks(region).send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys })),
    );
  }

  /**
   * The applied quota, else AWS's default for the account (GetServiceQuota answers
   * NoSuchResourceException for a quota never changed). Other failures (AccessDenied) are thrown:
   * live validation then assumes EKS's default of 10 and says why.
   */
  async getFargateProfileQuota(region: string): Promise<number> {
    const input = { ServiceCode: 'eks', QuotaCode: FARGATE_PROFILES_QUOTA_CODE };
    try {
      const { Quota } = await this.call('GetServiceQuota', region, () =>
        this.serviceQuotas(region).send(new GetServiceQuotaCommand(input)),
      );
      if (Quota?.Value !== undefined) return Quota.Value;
    } catch (error) {
      if (!isNamed(error, 'NoSuchResourceException')) throw error;
    }
    const { Quota } = await this.call('GetAWSDefaultServiceQuota', region, () =>
      this.serviceQuotas(region).send(new GetAWSDefaultServiceQuotaCommand(input)),
    );
    if (Quota?.Value === undefined) throw new Error(`Service Quotas has no value for ${FARGATE_PROFILES_QUOTA_CODE}`);
    return Quota.Value;
  }

  /** Filters by `subnet-id` (unlike `SubnetIds`, a filter does not fail the whole call for one missing id). */
  async describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]> {
    const unique = [...new Set(ids)];
    const result: SubnetInfo[] = [];
    for (let i = 0; i < unique.length; i += SUBNET_FILTER_LIMIT) {
      const chunk = unique.slice(i, i + SUBNET_FILTER_LIMIT);
      await this.call('DescribeSubnets', someOf(chunk), async () => {
        const pages = paginateDescribeSubnets(
          { client: this.ec2(region) },
          { Filters: [{ Name: 'subnet-id', Values: chunk }] },
        );
        for await (const page of pages) {
          for (const s of page.Subnets ?? []) {
            if (s.SubnetId && s.VpcId)
              result.push({ id: s.SubnetId, vpcId: s.VpcId, availabilityZone: s.AvailabilityZone ?? '' });
          }
        }
      });
    }
    return result;
  }

  async describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]> {
    const tables: RouteTable[] = [];
    await this.call('DescribeRouteTables', vpcId, async () => {
      const pages = paginateDescribeRouteTables(
        { client: this.ec2(region) },
        { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
      );
      for await (const page of pages) for (const t of page.RouteTables ?? []) tables.push(routeTable(vpcId, t));
    });
    return tables;
  }

  async getRole(name: string): Promise<RoleInfo | undefined> {
    let role: Role | undefined;
    try {
      role = (await this.call('GetRole', name, () => this.iam().send(new GetRoleCommand({ RoleName: name })))).Role;
    } catch (error) {
      if (isNamed(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
      throw error;
    }
    if (!role) return undefined;
    const attachedPolicyArns: string[] = [];
    await this.call('ListAttachedRolePolicies', name, async () => {
      for await (const page of paginateListAttachedRolePolicies({ client: this.iam() }, { RoleName: name })) {
        for (const policy of page.AttachedPolicies ?? [])
          if (policy.PolicyArn) attachedPolicyArns.push(policy.PolicyArn);
      }
    });
    return {
      name: role.RoleName ?? name,
      arn: role.Arn ?? '',
      path: role.Path ?? '/',
      assumeRolePolicy: parsePolicyDocument(role.AssumeRolePolicyDocument),
      // GetRole carries the role's tags (at most 50): no ListRoleTags round trip needed.
      tags: Object.fromEntries((role.Tags ?? []).map(t => [t.Key ?? '', t.Value ?? ''])),
      attachedPolicyArns,
    };
  }

  async listRoles(pathPrefix: string): Promise<RoleSummary[]> {
    const roles: RoleSummary[] = [];
    await this.call('ListRoles', pathPrefix, async () => {
      for await (const page of paginateListRoles({ client: this.iam() }, { PathPrefix: pathPrefix })) {
        for (const role of page.Roles ?? []) {
          if (role.RoleName && role.Arn) roles.push({ name: role.RoleName, arn: role.Arn, path: role.Path ?? '/' });
        }
      }
    });
    return roles;
  }

  async createRole(input: CreateRoleInput): Promise<RoleInfo> {
    const { Role: role } = await this.call('CreateRole', input.name, () =>
      this.iam().send(
        new CreateRoleCommand({
          RoleName: input.name,
          ...(input.path ? { Path: input.path } : {}),
          AssumeRolePolicyDocument: JSON.stringify(input.assumeRolePolicy),
          ...(Object.keys(input.tags).length > 0 ? { Tags: tagList(input.tags) } : {}),
          ...(input.description ? { Description: input.description } : {}),
        }),
      ),
    );
    return {
      name: role?.RoleName ?? input.name,
      arn: role?.Arn ?? '',
      path: role?.Path ?? input.path ?? '/',
      assumeRolePolicy: role?.AssumeRolePolicyDocument
        ? parsePolicyDocument(role.AssumeRolePolicyDocument)
        : input.assumeRolePolicy,
      tags: { ...input.tags },
      attachedPolicyArns: [],
    };
  }

  async tagRole(name: string, tags: Record<string, string>): Promise<void> {
    await this.call('TagRole', name, () =>
      this.iam().send(new TagRoleCommand({ RoleName: name, Tags: tagList(tags) })),
    );
  }

  async attachRolePolicy(name: string, policyArn: string): Promise<void> {
    await this.call('AttachRolePolicy', name, () =>
      this.iam().send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn })),
    );
  }

  async detachRolePolicy(name: string, policyArn: string): Promise<void> {
    await this.call('DetachRolePolicy', name, () =>
      this.iam().send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn })),
    );
  }

  async deleteRole(name: string): Promise<void> {
    await this.call('DeleteRole', name, () => this.iam().send(new DeleteRoleCommand({ RoleName: name })));
  }

  /** Closes every client's connections (a long-lived process that is done with the account). */
  destroy(): void {
    for (const clients of [this.eksClients, this.ec2Clients, this.quotaClients]) {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    }
    this.iamClient?.destroy();
    this.stsClient?.destroy();
    this.iamClient = undefined;
    this.stsClient = undefined;
  }

  /**
   * A client's configuration: the call policy first, then the caller's settings, then the region.
   * The SDK builds its NodeHttpHandler (@smithy/node-http-handler) from `requestHandler`: connecting,
   * the request until its answer starts, and silence while the body arrives are each bounded, and an
   * overrun is an error (`throwOnRequestTimeout`) that the retry strategy counts as an attempt.
   */
  private settings(kind: ClientKind, region: string) {
    const { timeoutMs, attempts } = this.callPolicy;
    return {
      maxAttempts: kind === 'quotas' ? 1 : attempts,
      retryMode: kind === 'sts' || kind === 'quotas' ? 'standard' : 'adaptive',
      requestHandler: {
        connectionTimeout: timeoutMs,
        requestTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        throwOnRequestTimeout: true,
      },
      ...this.clientConfig,
      region,
    };
  }

  /**
   * One call (or a paginated series). When every attempt timed out: a CallTimeoutError that names it.
   * A 5xx page that is no AWS answer: AWS's own `InternalFailure`, naming the call and the status
   * (same `$metadata`, so it still counts as a server failure).
   */
  private async call<T>(operation: string, target: string | undefined, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (isUnreadableServerError(error)) {
        const { $metadata } = error as { $metadata: { httpStatusCode: number } };
        const failure = new Error(
          `${operation}${target ? ` ${target}` : ''} answered HTTP ${$metadata.httpStatusCode} with a body that is not an AWS answer`,
          { cause: error },
        );
        throw Object.assign(failure, { name: 'InternalFailure', $metadata });
      }
      if (!isTimeout(error)) throw error;
      const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? this.callPolicy.attempts;
      throw new CallTimeoutError(operation, target, this.callPolicy.timeoutMs, attempts, { cause: error });
    }
  }

  private client<C>(clients: Map<string, C>, region: string, create: (region: string) => C): C {
    let client = clients.get(region);
    if (!client) {
      client = create(region);
      clients.set(region, client);
    }
    return client;
  }
}
