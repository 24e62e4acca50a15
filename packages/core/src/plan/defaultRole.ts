import { partitionOf } from '../account/trust';
import { canonicalJson, sha256Hex } from '../hash';
import {
  FARGATE_PODS_PRINCIPAL,
  FARGATE_POD_EXECUTION_POLICY_ARN,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  SOURCE_TAG,
  SPEC_TAG,
  type CreateRoleInput,
  type PolicyDocument,
  type RoleInfo,
} from '../account/types';

/** Every default role's name starts with this. */
export const DEFAULT_ROLE_PREFIX = 'fk-';
/**
 * Every default role lives under this IAM path, so plan can list them (ListRoles by path) and find
 * one whose profile is gone, even when a run was stopped before deleting it.
 */
export const DEFAULT_ROLE_PATH = '/fargatekeeper/';
/** Tag on a default role naming the cluster it serves (IAM is global, clusters are regional). */
export const CLUSTER_TAG = 'fargatekeeper.dev/cluster';
const MAX_ROLE_NAME = 64;

export { partitionOf } from '../account/trust';

/**
 * The name of the pod execution role fargatekeeper creates for a spec that names none:
 * `fk-<cluster>-<spec>-<hash>`, shortened to IAM's 64 characters. The hash covers region, cluster and
 * spec, so the name stays unique even when it is shortened or the same cluster name exists in two regions.
 */
export function defaultRoleName(region: string, cluster: string, specName: string): string {
  const suffix = `-${sha256Hex(canonicalJson({ region, cluster, spec: specName })).slice(0, 8)}`;
  const base = `${DEFAULT_ROLE_PREFIX}${cluster}-${specName}`
    .replace(/[^\w+=,.@-]/g, '-')
    .slice(0, MAX_ROLE_NAME - suffix.length);
  return `${base}${suffix}`;
}

/** The ARN of a default role: `arn:aws:iam::<account>:role/fargatekeeper/<name>`. */
/** What every default role name of a cluster starts with (the start of {@link defaultRoleName}'s base). */
export function defaultRoleNamePrefix(cluster: string): string {
  return `${DEFAULT_ROLE_PREFIX}${cluster}-`.replace(/[^\w+=,.@-]/g, '-').slice(0, MAX_ROLE_NAME - 9);
}

export function roleArn(region: string, accountId: string, roleName: string, path = DEFAULT_ROLE_PATH): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role${path}${roleName}`;
}

/** The role name of an IAM role ARN (account/trust.ts has the one parser; re-exported for apply). */
export { roleNameFromArn } from '../account/trust';

/**
 * Trust for Fargate pods of one cluster only: the `aws:SourceArn` condition keeps other clusters
 * (and other accounts' profiles) from using the role (confused-deputy protection, as AWS recommends).
 */
export function defaultRoleTrustPolicy(region: string, accountId: string, cluster: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: FARGATE_PODS_PRINCIPAL },
        Action: 'sts:AssumeRole',
        Condition: {
          ArnLike: {
            'aws:SourceArn': `arn:${partitionOf(region)}:eks:${region}:${accountId}:fargateprofile/${cluster}/*`,
          },
        },
      },
    ],
  };
}

/** A default role's tags; like its profile's, they name the source that owns it when the run has one. */
export function defaultRoleTags(cluster: string, specName: string, source?: string): Record<string, string> {
  return {
    [CLUSTER_TAG]: cluster,
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
    [SPEC_TAG]: specName,
    ...(source !== undefined ? { [SOURCE_TAG]: source } : {}),
  };
}

/** Everything the apply needs to create the default role; attach {@link defaultRolePolicyArns} after it. */
export function defaultRoleInput(
  region: string,
  accountId: string,
  cluster: string,
  specName: string,
  source?: string,
): CreateRoleInput {
  return {
    name: defaultRoleName(region, cluster, specName),
    path: DEFAULT_ROLE_PATH,
    assumeRolePolicy: defaultRoleTrustPolicy(region, accountId, cluster),
    tags: defaultRoleTags(cluster, specName, source),
    description: `Fargate pod execution role for spec ${specName} on EKS cluster ${cluster} (${region}), managed by fargatekeeper`,
  };
}

/** Managed policies attached to the default role, in the region's partition. */
export const defaultRolePolicyArns = (region: string): string[] => [
  FARGATE_POD_EXECUTION_POLICY_ARN.replace(/^arn:aws:/, `arn:${partitionOf(region)}:`),
];

/** A role is ours (and may be deleted) only when it carries the managed-by tag; roles we did not create are never touched. */
export const isManagedRole = (role: Pick<RoleInfo, 'tags'>): boolean => role.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
