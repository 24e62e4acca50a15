import type { ClusterStatus, HealthIssue, PolicyDocument, ProfileStatus, Route } from '../types';
import type { Selector } from '../../spec/types';

/**
 * The simulated account as a JSON document (`examples/sim-account.json`, the CLI's `--sim FILE`).
 * Optional fields have EKS-like defaults; `toJSON()` writes them back in a stable key order.
 */
export interface SimState {
  accountId: string;
  /** The run's default region. */
  region: string;
  quotas?: SimQuotas;
  timings?: SimTimings;
  clusters: SimCluster[];
  vpcs: SimVpc[];
  roles: SimRole[];
}

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
