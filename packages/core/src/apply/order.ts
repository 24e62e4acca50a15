import { assertNever } from '../assertNever';
import { byString } from '../order';
import { doesSomething, slotFreeingDeletes, subjectOf } from '../plan/operations';
import type { ClusterPlan, Operation } from '../plan/types';

/** Operations that free a slot without a successor, counted where apply decides to run deletes first. */
const isFailedDelete = (o: Operation) =>
  o.op === 'delete-profile' && (o.before.status === 'CREATE_FAILED' || o.before.status === 'DELETE_FAILED');

/**
 * The order a cluster's operations run in (one at a time): tag-only operations and waits for
 * in-flight profiles first; deletes of failed profiles (they serve no pods, and hold a name and a
 * quota slot); creates before deletes and replacements create-before-delete, so pods always have a
 * profile to go to; delete-before-create replacements first of the slow ones; and when the cluster's
 * profile quota leaves no room for the creates, deletes that free a slot come before them (never a
 * delete whose spec's new profile is still to be made). A default role left alone goes last: it
 * holds no quota slot and no profile uses it.
 */
export function orderOperations(cluster: ClusterPlan): Operation[] {
  const first: Operation[] = [];
  const creates: Operation[] = [];
  const deleteFirst: Operation[] = [];
  const createFirst: Operation[] = [];
  const deletes: Operation[] = [];
  const roleDeletes: Operation[] = [];
  for (const o of cluster.operations.filter(doesSomething)) {
    switch (o.op) {
      case 'adopt-in-place':
      case 'retag':
        first.push(o);
        break;
      case 'wait':
        // A delete in flight frees its slot like a delete of ours; a create in flight is waited out first.
        (o.until === 'deleted' ? deletes : first).push(o);
        break;
      case 'create':
        creates.push(o);
        break;
      case 'replace':
      case 'adopt-by-replace':
        (o.order.kind === 'delete-before-create' ? deleteFirst : createFirst).push(o);
        break;
      case 'delete-profile':
        deletes.push(o);
        break;
      case 'delete-role':
        roleDeletes.push(o);
        break;
      case 'no-op':
      case 'unmanaged':
        break;
      default:
        assertNever(o);
    }
  }
  const failedDeletes = deletes.filter(isFailedDelete);
  // Deletes and waits for in-flight deletes run by name, as one group.
  deletes.sort((a, b) => byString(subjectOf(a).name, subjectOf(b).name));
  const freeing = new Set(slotFreeingDeletes(cluster.operations));
  const freeDeletes = deletes.filter(o => !isFailedDelete(o) && freeing.has(o));
  const peak = cluster.liveProfiles - failedDeletes.length + creates.length + (createFirst.length > 0 ? 1 : 0);
  const early = cluster.quota !== undefined && peak > cluster.quota ? freeDeletes : [];
  return [
    ...first,
    ...failedDeletes,
    ...early,
    ...deleteFirst,
    ...creates,
    ...createFirst,
    ...deletes.filter(o => !early.includes(o) && !failedDeletes.includes(o)),
    ...roleDeletes,
  ];
}
