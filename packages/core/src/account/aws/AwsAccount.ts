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
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type {
  Account,
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
  /** e.g. `maxAttempts`, `retryMode`, `credentials`, `endpoint`: only when the caller really means it. */
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
}

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
 * IAM, STS and Service Quotas. Reads that find nothing answer `undefined`; every other error is
 * the SDK's own (same `name` and `$metadata` as the simulator's), so callers retry by name.
 */
export class AwsAccount implements Account {
  readonly region: string;
  private readonly clientConfig: AwsClientSettings;
  private readonly eksClients = new Map<string, EKSClient>();
  private readonly ec2Clients = new Map<string, EC2Client>();
  private readonly quotaClients = new Map<string, ServiceQuotasClient>();
  private iamClient?: IAMClient;
  private stsClient?: STSClient;

  constructor(options: AwsAccountOptions) {
    this.region = options.region;
    this.clientConfig = options.clientConfig ?? {};
  }

  eks(region: string): EKSClient {
    return this.client(this.eksClients, region, r => new EKSClient({ ...this.clientConfig, region: r }));
  }

  ec2(region: string): EC2Client {
    return this.client(this.ec2Clients, region, r => new EC2Client({ ...this.clientConfig, region: r }));
  }

  serviceQuotas(region: string): ServiceQuotasClient {
    return this.client(this.quotaClients, region, r => new ServiceQuotasClient({ ...this.clientConfig, region: r }));
  }

  /** IAM is global; its client sits in the run's region (the SDK resolves the global endpoint). */
  iam(): IAMClient {
    this.iamClient ??= new IAMClient({ ...this.clientConfig, region: this.region });
    return this.iamClient;
  }

  sts(): STSClient {
    this.stsClient ??= new STSClient({ ...this.clientConfig, region: this.region });
    return this.stsClient;
  }

  async getAccountId(): Promise<string> {
    const answer = await this.sts().send(new GetCallerIdentityCommand({}));
    if (!answer.Account) throw new Error('STS GetCallerIdentity answered without an account id');
    return answer.Account;
  }

  async describeCluster(ref: ClusterRef): Promise<ClusterInfo | undefined> {
    try {
      const { cluster } = await this.eks(ref.region).send(new DescribeClusterCommand({ name: ref.name }));
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
      };
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async listFargateProfiles(ref: ClusterRef, nextToken?: string): Promise<ListProfilesPage> {
    const answer = await this.eks(ref.region).send(
      new ListFargateProfilesCommand({ clusterName: ref.name, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
    );
    return { names: answer.fargateProfileNames ?? [], ...(answer.nextToken ? { nextToken: answer.nextToken } : {}) };
  }

  async describeFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile | undefined> {
    try {
      const { fargateProfile } = await this.eks(ref.region).send(
        new DescribeFargateProfileCommand({ clusterName: ref.name, fargateProfileName: name }),
      );
      return fargateProfile ? liveProfile(ref.region, fargateProfile) : undefined;
    } catch (error) {
      if (isNamed(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }
  }

  async createFargateProfile(input: CreateProfileInput): Promise<LiveProfile> {
    const { fargateProfile } = await this.eks(input.cluster.region).send(
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
    );
    if (!fargateProfile) throw new Error(`CreateFargateProfile answered without the profile ${input.name}`);
    return liveProfile(input.cluster.region, fargateProfile);
  }

  async deleteFargateProfile(ref: ClusterRef, name: string): Promise<LiveProfile> {
    const { fargateProfile } = await this.eks(ref.region).send(
      new DeleteFargateProfileCommand({ clusterName: ref.name, fargateProfileName: name }),
    );
    if (!fargateProfile) throw new Error(`DeleteFargateProfile answered without the profile ${name}`);
    return liveProfile(ref.region, fargateProfile);
  }

  async tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void> {
    await this.eks(region).send(new TagResourceCommand({ resourceArn: arn, tags }));
  }

  async untagResource(region: string, arn: string, keys: string[]): Promise<void> {
    await this.eks(region).send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys }));
  }

  /**
   * The applied quota, else AWS's default for the account (GetServiceQuota answers
   * NoSuchResourceException for a quota never changed). Other failures (AccessDenied) are thrown:
   * live validation then assumes EKS's default of 10 and says why.
   */
  async getFargateProfileQuota(region: string): Promise<number> {
    const input = { ServiceCode: 'eks', QuotaCode: FARGATE_PROFILES_QUOTA_CODE };
    try {
      const { Quota } = await this.serviceQuotas(region).send(new GetServiceQuotaCommand(input));
      if (Quota?.Value !== undefined) return Quota.Value;
    } catch (error) {
      if (!isNamed(error, 'NoSuchResourceException')) throw error;
    }
    const { Quota } = await this.serviceQuotas(region).send(new GetAWSDefaultServiceQuotaCommand(input));
    if (Quota?.Value === undefined) throw new Error(`Service Quotas has no value for ${FARGATE_PROFILES_QUOTA_CODE}`);
    return Quota.Value;
  }

  /** Filters by `subnet-id` (unlike `SubnetIds`, a filter does not fail the whole call for one missing id). */
  async describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]> {
    const unique = [...new Set(ids)];
    const result: SubnetInfo[] = [];
    for (let i = 0; i < unique.length; i += SUBNET_FILTER_LIMIT) {
      const chunk = unique.slice(i, i + SUBNET_FILTER_LIMIT);
      const pages = paginateDescribeSubnets(
        { client: this.ec2(region) },
        { Filters: [{ Name: 'subnet-id', Values: chunk }] },
      );
      for await (const page of pages) {
        for (const s of page.Subnets ?? []) {
          if (s.SubnetId && s.VpcId) result.push({ id: s.SubnetId, vpcId: s.VpcId, availabilityZone: s.AvailabilityZone ?? '' });
        }
      }
    }
    return result;
  }

  async describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]> {
    const tables: RouteTable[] = [];
    const pages = paginateDescribeRouteTables({ client: this.ec2(region) }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
    for await (const page of pages) for (const t of page.RouteTables ?? []) tables.push(routeTable(vpcId, t));
    return tables;
  }

  async getRole(name: string): Promise<RoleInfo | undefined> {
    let role: Role | undefined;
    try {
      role = (await this.iam().send(new GetRoleCommand({ RoleName: name }))).Role;
    } catch (error) {
      if (isNamed(error, 'NoSuchEntityException', 'NoSuchEntity')) return undefined;
      throw error;
    }
    if (!role) return undefined;
    const attachedPolicyArns: string[] = [];
    for await (const page of paginateListAttachedRolePolicies({ client: this.iam() }, { RoleName: name })) {
      for (const policy of page.AttachedPolicies ?? []) if (policy.PolicyArn) attachedPolicyArns.push(policy.PolicyArn);
    }
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
    for await (const page of paginateListRoles({ client: this.iam() }, { PathPrefix: pathPrefix })) {
      for (const role of page.Roles ?? []) {
        if (role.RoleName && role.Arn) roles.push({ name: role.RoleName, arn: role.Arn, path: role.Path ?? '/' });
      }
    }
    return roles;
  }

  async createRole(input: CreateRoleInput): Promise<RoleInfo> {
    const { Role: role } = await this.iam().send(
      new CreateRoleCommand({
        RoleName: input.name,
        ...(input.path ? { Path: input.path } : {}),
        AssumeRolePolicyDocument: JSON.stringify(input.assumeRolePolicy),
        ...(Object.keys(input.tags).length > 0 ? { Tags: tagList(input.tags) } : {}),
        ...(input.description ? { Description: input.description } : {}),
      }),
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
    await this.iam().send(new TagRoleCommand({ RoleName: name, Tags: tagList(tags) }));
  }

  async attachRolePolicy(name: string, policyArn: string): Promise<void> {
    await this.iam().send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  }

  async detachRolePolicy(name: string, policyArn: string): Promise<void> {
    await this.iam().send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
  }

  async deleteRole(name: string): Promise<void> {
    await this.iam().send(new DeleteRoleCommand({ RoleName: name }));
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

  private client<C>(clients: Map<string, C>, region: string, create: (region: string) => C): C {
    let client = clients.get(region);
    if (!client) {
      client = create(region);
      clients.set(region, client);
    }
    return client;
  }
}
