import type { ClusterStatus, HealthIssue, PolicyDocument, ProfileStatus, Route } from '../types';
import type { Selector } from '../../spec/types';
import { partitionOf } from '../trust';

/** What one AWS account holds: its EKS clusters, VPCs and IAM roles. */
export interface SimAccountState {
  accountId: string;
  clusters: SimCluster[];
  vpcs: SimVpc[];
  roles: SimRole[];
}

/**
 * The simulated account as a JSON document (`examples/sim-account.json`, the CLI's `--sim FILE`):
 * the account of the base credentials at the top, and optionally more `accounts` that runs reach by
 * assuming their roles (STS AssumeRole; each role's trust policy decides who may). Optional fields
 * have EKS-like defaults; `toJSON()` writes them back in a stable key order.
 */
export interface SimState extends SimAccountState {
  /** The run's default region. */
  region: string;
  /**
   * Who the base credentials are: an IAM user or role ARN of `accountId`, as GetCallerIdentity would
   * name it and trust policies of other accounts' roles name it (default {@link defaultPrincipalArn}).
   */
  principalArn?: string;
  quotas?: SimQuotas;
  timings?: SimTimings;
  /** Other accounts, each with its own clusters, VPCs and roles (timings and quotas are shared). */
  accounts?: SimAccountState[];
}

/** The base credentials' principal when the file names none. */
export const defaultPrincipalArn = (accountId: string, region: string): string =>
  `arn:${partitionOf(region)}:iam::${accountId}:user/fargatekeeper`;

export interface SimQuotas {
  /** EKS default 10 (a Service Quotas value, adjustable). */
  fargateProfilesPerCluster?: number;
}

export interface SimTimings {
  /** CREATING → ACTIVE (default 90). */
  createSeconds?: number;
  /** DELETING → gone (default 120). */
  deleteSeconds?: number;
  /** A role younger than this is refused by CreateFargateProfile, as IAM is eventually consistent (default 10). */
  iamPropagationSeconds?: number;
}

export interface SimCluster {
  name: string;
  region: string;
  status: ClusterStatus;
  /** Leave out to simulate an answer without a VPC id (validation then asks the subnets). */
  vpcId?: string;
  subnetIds: string[];
  /** A version or config update in progress: profile operations get ResourceInUseException. */
  updateInProgress?: boolean;
  /**
   * The Kubernetes API server (an `https://` URL) and its CA (base64 of the PEM, as DescribeCluster's
   * `certificateAuthority.data`): what pod access connects to. Left out, DescribeCluster answers
   * without them and pods of the cluster are not read.
   */
  endpoint?: string;
  certificateAuthority?: string;
  profiles: SimProfile[];
}

export interface SimProfile {
  name: string;
  status: ProfileStatus;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** ISO 8601. */
  createdAt: string;
  /** Defaults to a stable ARN derived from the cluster, name and creation time. */
  arn?: string;
  health?: HealthIssue[];
  /** The token of the CreateFargateProfile call that made it (idempotent retries). */
  clientRequestToken?: string;
  /** A CREATING or DELETING profile's next state and when it is reached (persisted so runs resume). */
  transition?: SimTransition;
}

export interface SimTransition {
  to: 'ACTIVE' | 'CREATE_FAILED' | 'DELETED' | 'DELETE_FAILED';
  /** ISO 8601. */
  at: string;
  /** Health issues the profile reports once it reaches CREATE_FAILED / DELETE_FAILED. */
  health?: HealthIssue[];
}

export interface SimVpc {
  id: string;
  region: string;
  subnets: SimSubnet[];
  routeTables: SimRouteTable[];
}

export interface SimSubnet {
  id: string;
  availabilityZone: string;
}

export interface SimRouteTable {
  id: string;
  /** The VPC's main route table serves every subnet without an explicit association. */
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}

export interface SimRole {
  name: string;
  /** IAM path, default `/`. */
  path?: string;
  assumeRolePolicy: PolicyDocument;
  tags: Record<string, string>;
  attachedPolicyArns: string[];
  description?: string;
  /** ISO 8601; absent means long propagated. Fresh roles are refused by EKS for a while. */
  createdAt?: string;
}

export const DEFAULT_TIMINGS: Required<SimTimings> = {
  createSeconds: 90,
  deleteSeconds: 120,
  iamPropagationSeconds: 10,
};

export const DEFAULT_PROFILE_QUOTA = 10;
