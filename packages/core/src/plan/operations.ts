import type { SourcePosition } from '../diagnostics';
import type { ClusterPlan, DefaultRole, LiveState, Operation, OperationKind, PlanSummary, ProfileState } from './types';
import { OPERATION_KINDS } from './types';
import { assertNever } from '../assertNever';

// Questions every consumer asks of an operation, answered once here by switching on `op`.

/** The spec an operation is about (all but `unmanaged` name one). */
export function specOf(o: Operation): string | undefined {
  return o.op === 'unmanaged' ? undefined : o.spec;
}

/** What the operation works on: a profile by its EKS name, or (for `delete-role`) a default role. */
export function subjectOf(o: Operation): { kind: 'profile' | 'role'; name: string } {
  return o.op === 'delete-role' ? { kind: 'role', name: o.role.name } : { kind: 'profile', name: o.profile };
}

/** Every operation but `no-op` and `unmanaged` makes apply do something (a `wait` waits). */
export function doesSomething(o: Operation | OperationKind): boolean {
  const op = typeof o === 'string' ? o : o.op;
  return op !== 'no-op' && op !== 'unmanaged';
}

/**
 * True when the operation changes the account (or finishes an earlier run's delete): what `hasChanges`
 * and drift count. Waiting for a profile an earlier run is still creating changes nothing.
 */
export function changesSomething(o: Operation): boolean {
  return doesSomething(o) && !(o.op === 'wait' && o.until === 'active');
}

/** The spec line an operation comes from (operations on what Git no longer has point nowhere). */
export function sourceOf(o: Operation): SourcePosition | undefined {
  switch (o.op) {
    case 'create':
    case 'replace':
    case 'adopt-in-place':
    case 'adopt-by-replace':
    case 'retag':
    case 'no-op':
      return o.source;
    case 'wait':
      return o.until === 'active' ? o.source : undefined;
    case 'delete-profile':
    case 'delete-role':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** The profile the spec has once the operation is done (the desired state), if the operation keeps or makes one. */
export function profileAfter(o: Operation): ProfileState | undefined {
  switch (o.op) {
    case 'create':
    case 'replace':
    case 'adopt-by-replace':
    case 'adopt-in-place':
    case 'retag':
    case 'no-op':
      return o.after;
    case 'wait':
      return o.until === 'active' ? o.after : undefined;
    case 'delete-profile':
    case 'delete-role':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** True when a spec keeps (or gets) a profile through this operation. */
export const keepsProfile = (o: Operation): boolean => profileAfter(o) !== undefined;

/**
 * Deletes (ours, or an earlier run's still in flight) after which the spec has no profile: each frees a
 * quota slot, so apply may run them before creates when the quota is tight. A delete whose spec lives
 * on under another profile frees nothing: it waits for that profile.
 */
export function slotFreeingDeletes(operations: readonly Operation[]): Operation[] {
  const specsKept = new Set(operations.filter(keepsProfile).map(specOf));
  return operations.filter(
    o => (o.op === 'delete-profile' || (o.op === 'wait' && o.until === 'deleted')) && !specsKept.has(o.spec),
  );
}

/** The live profile that is gone once the operation is done. */
export function profileGone(o: Operation): LiveState | undefined {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
    case 'delete-profile':
      return o.before;
    case 'wait':
      return o.until === 'deleted' ? o.before : undefined;
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'no-op':
    case 'delete-role':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** The default role the operation creates before its profile. */
export function roleCreated(o: Operation): DefaultRole | undefined {
  return o.op === 'create' || o.op === 'replace' || o.op === 'adopt-by-replace' ? o.createsRole : undefined;
}

/** The default role the operation deletes (after its profile is gone, or alone). */
export function roleDeleted(o: Operation): DefaultRole | undefined {
  switch (o.op) {
    case 'delete-role':
      return o.role;
    case 'replace':
    case 'adopt-by-replace':
    case 'delete-profile':
      return o.deletesRole;
    case 'wait':
      return o.until === 'deleted' ? o.deletesRole : undefined;
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'no-op':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** Counts per operation kind, and the default roles deleted with their profile or alone. */
export function summarize(clusters: readonly ClusterPlan[]): PlanSummary {
  const summary = {
    ...(Object.fromEntries(OPERATION_KINDS.map(k => [k, 0])) as Record<OperationKind, number>),
    roleDeletes: 0,
  };
  for (const cluster of clusters) {
    for (const o of cluster.operations) {
      summary[o.op]++;
      if (roleDeleted(o)) summary.roleDeletes++;
    }
  }
  return summary;
}
