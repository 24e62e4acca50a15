import type { Diagnostic } from '../diagnostics';
import { managedSpecOf, SPEC_TAG, type LiveProfile, type RoleInfo } from '../account/types';
import { roleNameFromArn } from '../account/trust';
import { specPosition } from '../spec/positions';
import { byString } from './canonical';
import { finding, operationId, type ClusterView } from './clusterView';
import { CLUSTER_TAG, DEFAULT_ROLE_PATH, defaultRoleName, defaultRoleNamePrefix, isManagedRole } from './defaultRole';
import type { DesiredProfile } from './desired';
import { profileGone } from './operations';
import { ownershipOf } from './ownership';
import type { DefaultRole, Operation } from './types';

export interface RoleInput {
  desired: readonly DesiredProfile[];
  /** Default roles as read by name (undefined: does not exist; absent: could not be read). */
  roles: ReadonlyMap<string, RoleInfo | undefined>;
  /** Names of roles listed under the default roles' path that may be this cluster's (read into `roles`). */
  listedRoles: readonly string[];
  /** Role ARNs of the profiles the cluster has once the plan is applied. */
  arnsInUse: ReadonlySet<string>;
  protectedSpecs: ReadonlySet<string>;
  holdDeletes?: string;
}

/**
 * The default role is created with the first operation that needs it, and deleted with the last
 * profile that used it, only when it carries our tag and no profile left in the cluster uses it.
 * A role that could not be read (not in `roles`) is neither created nor deleted: its read error is reported.
 */
export function planRoles(
  view: ClusterView,
  input: RoleInput,
  operations: readonly Operation[],
): { operations: Operation[]; diagnostics: Diagnostic[] } {
  const created = new Set<string>();
  const deleted = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const desiredBySpec = new Map(input.desired.map(d => [d.spec.name, d]));
  const withRoles = new Map<Operation, Operation>();
  // In id order, so which operation of several gets the role does not depend on list order.
  for (const o of [...operations].sort((a, b) => byString(a.id, b.id))) {
    let creates: DefaultRole | undefined;
    if (o.op === 'create' || o.op === 'replace' || o.op === 'adopt-by-replace') {
      const d = desiredBySpec.get(o.spec);
      const role = d?.defaultRole;
      if (d && role && input.roles.has(role.name)) {
        const info = input.roles.get(role.name);
        if (!info && !created.has(role.name)) {
          created.add(role.name);
          creates = role;
        } else if (info && !isManagedRole(info)) {
          const message = `Role \`${role.name}\` exists but is not tagged as fargatekeeper's; it is used as it is and never changed.`;
          diagnostics.push(
            finding(view, 'warning', 'plan.default-role-foreign', message, o.spec, specPosition(d.spec)),
          );
        }
      }
    }
    const gone = profileGone(o);
    let deletes = gone ? ownDefaultRole(view, input, gone) : undefined;
    if (deletes && deleted.has(deletes.name)) deletes = undefined;
    if (deletes) deleted.add(deletes.name);
    withRoles.set(o, attachRoles(o, creates, deletes));
  }
  return {
    operations: [...operations.map(o => withRoles.get(o)!), ...leftoverRoles(view, input, { created, deleted })],
    diagnostics,
  };
}

function attachRoles(o: Operation, creates: DefaultRole | undefined, deletes: DefaultRole | undefined): Operation {
  const createsRole = creates ? { createsRole: creates } : {};
  const deletesRole = deletes ? { deletesRole: deletes } : {};
  switch (o.op) {
    case 'create':
      return { ...o, ...createsRole };
    case 'replace':
    case 'adopt-by-replace':
      return { ...o, ...createsRole, ...deletesRole };
    case 'delete-profile':
      return { ...o, ...deletesRole };
    case 'wait':
      return o.until === 'deleted' ? { ...o, ...deletesRole } : o;
    case 'adopt-in-place':
    case 'retag':
    case 'no-op':
    case 'delete-role':
    case 'unmanaged':
      return o;
  }
}

/** The default role a profile that goes used, when it is ours, for its spec in this cluster, and nothing else uses it. */
function ownDefaultRole(
  view: ClusterView,
  input: RoleInput,
  gone: Pick<LiveProfile, 'podExecutionRoleArn' | 'tags'>,
): DefaultRole | undefined {
  const spec = managedSpecOf(gone.tags);
  if (!spec || input.arnsInUse.has(gone.podExecutionRoleArn)) return undefined;
  const name = roleNameFromArn(gone.podExecutionRoleArn);
  const info = name ? input.roles.get(name) : undefined;
  if (
    !name ||
    name !== defaultRoleName(view.region, view.cluster, spec) ||
    !info ||
    !isManagedRole(info) ||
    isOtherSources(view, info)
  )
    return undefined;
  return { name, arn: gone.podExecutionRoleArn, spec };
}

/**
 * A default role of this cluster that no profile uses and no spec wants is deleted on its own: a run
 * stopped after its profile was gone but before the role was deleted leaves it, and no profile leads
 * to it any more. Only roles under our path, tagged as ours, for this cluster and named as this
 * cluster's default role of the spec they are tagged with; never while deletes are held back or the
 * spec has errors.
 */
function leftoverRoles(
  view: ClusterView,
  input: RoleInput,
  seen: { created: ReadonlySet<string>; deleted: ReadonlySet<string> },
): Operation[] {
  if (input.holdDeletes) return [];
  const namesInUse = new Set(
    [...input.arnsInUse, ...view.live.map(p => p.podExecutionRoleArn)].map(arn => roleNameFromArn(arn)),
  );
  const wanted = new Set(input.desired.flatMap(d => (d.defaultRole ? [d.defaultRole.name] : [])));
  const operations: Operation[] = [];
  for (const name of [...new Set(input.listedRoles)].sort(byString)) {
    const info = input.roles.get(name);
    const spec = info?.tags[SPEC_TAG];
    if (!info || !spec || !isManagedRole(info) || isOtherSources(view, info) || info.tags[CLUSTER_TAG] !== view.cluster)
      continue;
    if ((info.path ?? '/') !== DEFAULT_ROLE_PATH || name !== defaultRoleName(view.region, view.cluster, spec)) continue;
    if (
      namesInUse.has(name) ||
      wanted.has(name) ||
      seen.created.has(name) ||
      seen.deleted.has(name) ||
      input.protectedSpecs.has(spec)
    )
      continue;
    operations.push({
      op: 'delete-role',
      id: operationId(view, 'delete-role', name),
      region: view.region,
      cluster: view.cluster,
      spec,
      role: { name, arn: info.arn, spec },
      reason: { code: 'role-leftover' },
    });
  }
  return operations;
}

/** A default role another specs source owns is never deleted by this run. */
const isOtherSources = (view: ClusterView, role: RoleInfo): boolean =>
  ownershipOf(role.tags, view.source, true).kind === 'other';

/** Default roles of managed live profiles (which may go, taking their role with them): names to read. */
export function defaultRolesToRead(region: string, cluster: string, live: readonly LiveProfile[]): string[] {
  const names = new Set<string>();
  const prefix = defaultRoleNamePrefix(cluster);
  for (const p of live) {
    const spec = managedSpecOf(p.tags);
    const name = roleNameFromArn(p.podExecutionRoleArn);
    // The prefix first: a fleet's profiles mostly name roles of their own, and the full name costs a hash.
    if (spec && name?.startsWith(prefix) && name === defaultRoleName(region, cluster, spec)) names.add(name);
  }
  return [...names].sort(byString);
}
