import { SPEC_TAG } from '../account/types';
import type { Change, ClusterPlan } from '../plan/types';

/** The in-flight profile (CREATING or DELETING) a change must wait for, as the planner marks it. */
export const waitsForOf = (change: Change): string | undefined => change.waitsFor;

/** Changes that do something: all but `noop` and `unmanaged`, and a `noop` that waits for its profile to become ACTIVE. */
export const isActionable = (change: Change): boolean =>
  change.kind === 'unmanaged' ? false : change.kind !== 'noop' || waitsForOf(change) !== undefined;

const isFailed = (c: Change) => c.before?.status === 'CREATE_FAILED' || c.before?.status === 'DELETE_FAILED';

/** The spec a profile belongs to: the change's, else the one its tags name. */
export const specOfChange = (change: Change): string | undefined => change.spec ?? change.before?.tags[SPEC_TAG];

/**
 * Another profile of the cluster that serves the same spec as a profile being deleted, i.e. its
 * replacement (e.g. after a re-plan of an interrupted replacement: the new profile is planned as
 * kept and the old one as deleted). The old one may go only once this one is ACTIVE.
 */
export function successorOf(change: Change, cluster: ClusterPlan): Change | undefined {
  const spec = specOfChange(change);
  if (!spec) return undefined;
  if (change.target === 'role') return undefined;
  return cluster.changes.find(
    c => c !== change && c.target !== 'role' && c.spec === spec && c.kind !== 'delete' && c.kind !== 'unmanaged' && c.profileName !== change.profileName,
  );
}

const isInPlace = (c: Change) => c.kind === 'noop' || c.kind === 'retag' || (c.kind === 'adopt' && !c.replaces);
const isReplacement = (c: Change) => c.kind === 'replace' || (c.kind === 'adopt' && !!c.replaces);

/**
 * The order a cluster's changes run in (one at a time):
 * tag-only changes and waits for in-flight profiles first; deletes of failed profiles (they serve no
 * pods, and hold a name and a quota slot); creates before deletes and replacements create-before-delete,
 * so pods always have a profile to go to; delete-before-create replacements first of the slow ones;
 * and when the cluster's profile quota leaves no room for the creates, deletes that free a slot come
 * before them (never a delete whose spec's new profile is still to be made).
 */
export function orderClusterChanges(cluster: ClusterPlan): Change[] {
  const changes = cluster.changes.filter(isActionable);
  const creates = changes.filter(c => c.kind === 'create');
  const replacements = changes.filter(isReplacement);
  // A default role left alone is deleted last: it holds no quota slot and no profile uses it.
  const roleDeletes = changes.filter(c => c.target === 'role');
  const deletes = changes.filter(c => c.kind === 'delete' && c.target !== 'role');
  const failedDeletes = deletes.filter(isFailed);
  const freeDeletes = deletes.filter(c => !isFailed(c) && !successorOf(c, cluster));
  const createBeforeDelete = replacements.filter(c => c.strategy !== 'delete-before-create');
  const peak = cluster.liveProfiles - failedDeletes.length + creates.length + (createBeforeDelete.length > 0 ? 1 : 0);
  const quotaTight = cluster.quota !== undefined && peak > cluster.quota;
  const early = quotaTight ? freeDeletes : [];
  return [
    ...changes.filter(isInPlace),
    ...failedDeletes,
    ...early,
    ...replacements.filter(c => c.strategy === 'delete-before-create'),
    ...creates,
    ...createBeforeDelete,
    ...deletes.filter(c => !early.includes(c) && !failedDeletes.includes(c)),
    ...roleDeletes,
  ];
}
