import type { RoleInfo } from '../account/types';
import type { ProfileSpec } from '../spec/types';
import { canonicalLabels, sortedStrings } from './canonical';
import { defaultRoleName, roleArn } from './defaultRole';
import { desiredTagsFor, profileNameFor } from './naming';
import type { DefaultRole, ProfileState } from './types';

/** A spec ready to plan: its region resolved, its EKS name and full desired state computed. */
export interface DesiredProfile {
  spec: ProfileSpec;
  region: string;
  /** The EKS name a new profile for this spec gets. */
  name: string;
  state: ProfileState;
  /** Set when the spec names no role: the default role fargatekeeper provides. */
  defaultRole?: DefaultRole;
}

/**
 * The profile a spec asks for. `accountId` is needed only for a spec without a role (its default
 * role's ARN); an existing default role keeps its ARN (one made before default roles had their path
 * stays where it is).
 */
export function desiredProfileOf(
  spec: ProfileSpec,
  region: string,
  accountId: string | undefined,
  roles: ReadonlyMap<string, RoleInfo | undefined>,
  source?: string,
): DesiredProfile {
  const name = profileNameFor(spec);
  const defaultRole = spec.podExecutionRoleArn ? undefined : defaultRoleOf(spec, region, accountId, roles, source);
  return {
    spec,
    region,
    name,
    ...(defaultRole ? { defaultRole } : {}),
    state: {
      name,
      podExecutionRoleArn: spec.podExecutionRoleArn ?? defaultRole!.arn,
      // Sets and maps in canonical order; selectors keep the spec's order, so `selectors[i]` paths point into the spec.
      subnets: sortedStrings(spec.subnets),
      selectors: spec.selectors.map(s => ({ namespace: s.namespace, labels: canonicalLabels(s.labels) })),
      tags: desiredTagsFor(spec, source),
    },
  };
}

function defaultRoleOf(
  spec: ProfileSpec,
  region: string,
  accountId: string | undefined,
  roles: ReadonlyMap<string, RoleInfo | undefined>,
  source: string | undefined,
): DefaultRole {
  const name = defaultRoleName(region, spec.cluster, spec.name);
  const arn = roles.get(name)?.arn ?? (accountId !== undefined ? roleArn(region, accountId, name) : undefined);
  if (arn === undefined) throw new Error(`the default role of spec ${spec.name} needs the account id`);
  return { name, arn, spec: spec.name, ...(source !== undefined ? { source } : {}) };
}
