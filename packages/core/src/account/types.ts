import type { Selector } from '../spec/types';

/** Identifies a cluster: EKS names are unique per account and region. */
export interface ClusterRef {
  region: string;
  name: string;
}

/** A cluster's identity as a map key: EKS cluster names are unique per account and region. */
export const clusterKey = (ref: ClusterRef): string => `${ref.region}/${ref.name}`;

export type ClusterStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED' | 'UPDATING' | 'PENDING';

export interface ClusterInfo extends ClusterRef {
  arn: string;
  status: ClusterStatus;
  /** Absent when the answer lacks it; validation then takes the VPC from the cluster's subnets. */
  vpcId?: string;
  subnetIds: string[];
  /** An update in progress (version, config) blocks profile operations with ResourceInUseException. */
  updateInProgress?: boolean;
  /** The Kubernetes API server's URL (`https://….eks.amazonaws.com`); EKS has none while the cluster is CREATING. */
  endpoint?: string;
  /** The API server's certificate authority as EKS gives it (`certificateAuthority.data`: base64 of the PEM). */
  certificateAuthority?: string;
}

export type ProfileStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'CREATE_FAILED' | 'DELETE_FAILED';

export interface HealthIssue {
  code: string;
  message: string;
  resourceIds?: string[];
}

/** A Fargate profile as EKS describes it. */
export interface LiveProfile {
  cluster: string;
  region: string;
  name: string;
  arn: string;
  status: ProfileStatus;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** ISO 8601. */
  createdAt: string;
  health: HealthIssue[];
}

export interface ListProfilesPage {
  names: string[];
  nextToken?: string;
}

export interface CreateProfileInput {
  cluster: ClusterRef;
  name: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** Idempotency token: the same token with the same input returns the same profile, never a second one. */
  clientRequestToken?: string;
}

export interface SubnetInfo {
  id: string;
  vpcId: string;
  availabilityZone: string;
}

export interface Route {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  /** `igw-...` for an internet gateway, `nat-...`, `local`, ... */
  gatewayId?: string;
  natGatewayId?: string;
}

export interface RouteTable {
  id: string;
  vpcId: string;
  /** The VPC's main route table serves subnets without an explicit association. */
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

export interface RoleInfo {
  name: string;
  arn: string;
  /** IAM path (`/` when absent). */
  path?: string;
  /** Parsed trust policy document. */
  assumeRolePolicy: PolicyDocument;
  tags: Record<string, string>;
  attachedPolicyArns: string[];
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { Service?: string | string[]; AWS?: string | string[]; Federated?: string | string[] } | '*';
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A role as IAM's ListRoles names it (ListRoles returns no tags: read a candidate with getRole). */
export interface RoleSummary {
  name: string;
  arn: string;
  path: string;
}

export interface CreateRoleInput {
  name: string;
  /** IAM path, e.g. `/fargatekeeper/` (default `/`); it becomes part of the ARN. */
  path?: string;
  assumeRolePolicy: PolicyDocument;
  tags: Record<string, string>;
  description?: string;
}

/** An IAM role to assume (STS AssumeRole) and how: the session name is always set, the external id when the role's trust asks for one. */
export interface AssumeRoleTarget {
  roleArn: string;
  externalId?: string;
  /** `RoleSessionName`: it shows in the account's CloudTrail as who acted. */
  sessionName: string;
}

/**
 * The one interface to AWS: EKS clusters and Fargate profiles, EC2 subnets and route tables, IAM roles.
 * `AwsAccount` implements it with the SDK v3 clients, `SimulatedAccount` in memory. Errors are thrown
 * as {@link AccountError} (or SDK errors of the same `name`), so callers can retry by name.
 * "Not found" on reads is `undefined`, not an error.
 */
export interface Account {
  /** The run's default region. */
  readonly region: string;
  /**
   * True when the account retries throttling, 5xx answers and timeouts itself (AwsAccount: the SDK's
   * retry strategy, configured once from the call policy). Wrappers (the AccountReader) then pass its
   * errors on instead of retrying them again, so a call is never tried attempts × attempts times.
   * Absent: it does not, and the reader's own retries apply (the simulator's injected throttling).
   */
  readonly retriesTransientErrors?: boolean;
  /** The 12-digit account id (used in ARNs and the default role's trust condition). */
  getAccountId(): Promise<string>;

  describeCluster(cluster: ClusterRef): Promise<ClusterInfo | undefined>;
  listFargateProfiles(cluster: ClusterRef, nextToken?: string): Promise<ListProfilesPage>;
  describeFargateProfile(cluster: ClusterRef, name: string): Promise<LiveProfile | undefined>;
  createFargateProfile(input: CreateProfileInput): Promise<LiveProfile>;
  deleteFargateProfile(cluster: ClusterRef, name: string): Promise<LiveProfile>;
  tagResource(region: string, arn: string, tags: Record<string, string>): Promise<void>;
  untagResource(region: string, arn: string, keys: string[]): Promise<void>;
  /** The quota of Fargate profiles per cluster in a region (EKS default 10). */
  getFargateProfileQuota(region: string): Promise<number>;

  /** Subnets that exist among `ids`; missing ids are simply absent from the answer. */
  describeSubnets(region: string, ids: string[]): Promise<SubnetInfo[]>;
  describeRouteTables(region: string, vpcId: string): Promise<RouteTable[]>;

  getRole(name: string): Promise<RoleInfo | undefined>;
  /** Every role whose IAM path starts with `pathPrefix` (all pages). */
  listRoles(pathPrefix: string): Promise<RoleSummary[]>;
  createRole(input: CreateRoleInput): Promise<RoleInfo>;
  tagRole(name: string, tags: Record<string, string>): Promise<void>;
  attachRolePolicy(name: string, policyArn: string): Promise<void>;
  detachRolePolicy(name: string, policyArn: string): Promise<void>;
  deleteRole(name: string): Promise<void>;
}

/**
 * An account that reaches others by assuming roles from its own credentials (STS AssumeRole):
 * AwsAccount (the SDK's `fromTemporaryCredentials`) and SimulatedAccount.
 */
export interface AssumesRoles {
  /**
   * The account `role` lands in, reached with the role's temporary credentials: assumed on the first
   * call, once for every client and caller, and again shortly before they expire. A refused
   * AssumeRole is the error of the calls that needed it.
   */
  assumedRole(role: AssumeRoleTarget): Account;
}

/** Whether an account can assume roles (an AccountReader or a cache over one cannot: they wrap a single account). */
export const canAssumeRoles = (account: Account): account is Account & AssumesRoles =>
  typeof (account as Partial<AssumesRoles>).assumedRole === 'function';

/**
 * An AWS error by its SDK v3 exception name (`ResourceInUseException`, `ThrottlingException`,
 * `InvalidParameterException`, `ResourceNotFoundException`, `ResourceLimitExceededException`,
 * IAM's `NoSuchEntityException`, `EntityAlreadyExistsException`, `DeleteConflictException`,
 * `ServerException`, ...), shaped like the SDK's errors.
 */
export class AccountError extends Error {
  readonly $metadata: { httpStatusCode: number };
  readonly $retryable?: { throttling: boolean };
  constructor(name: string, message: string, httpStatusCode = 400) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode };
    if (THROTTLING_ERROR_NAMES.has(name)) this.$retryable = { throttling: true };
  }
}

/**
 * Throttling as each service names it: EKS `ThrottlingException`, IAM/STS `Throttling`, EC2
 * `RequestLimitExceeded`, and the other names the SDK's retry strategy treats as throttles.
 */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

/** Whether an error (AccountError or SDK error) is a throttle that a later retry may pass. */
export const isThrottlingError = (error: unknown): boolean =>
  error instanceof Error &&
  (THROTTLING_ERROR_NAMES.has(error.name) ||
    (error as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true);

/** Tags that mark a profile (or role) as ours; see DESIGN.md "Ownership". */
export const MANAGED_BY_TAG = 'fargatekeeper.dev/managed-by';
export const MANAGED_BY_VALUE = 'fargatekeeper';
export const SPEC_TAG = 'fargatekeeper.dev/spec';
export const HASH_TAG = 'fargatekeeper.dev/hash';
/** The specs source that owns a profile or default role: `OWNER/REPO`, `OWNER/REPO:FOLDER` or a folder. */
export const SOURCE_TAG = 'fargatekeeper.dev/source';
/** Set (to `true`) on the profile of a spec with `deletionProtection: true`: the live profile remembers it. */
export const PROTECTED_TAG = 'fargatekeeper.dev/protected';
export const PROTECTED_VALUE = 'true';

/**
 * The spec a live profile belongs to, when its tags say it is ours (both the managed-by and the spec
 * tag); undefined for unmanaged profiles. Planning, live validation and apply all decide by this.
 */
export function managedSpecOf(tags: Record<string, string>): string | undefined {
  return tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags[SPEC_TAG] ? tags[SPEC_TAG] : undefined;
}

export const FARGATE_POD_EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy';
export const FARGATE_PODS_PRINCIPAL = 'eks-fargate-pods.amazonaws.com';
