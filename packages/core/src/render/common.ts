import type { Diagnostic } from '../diagnostics';
import { roleCreated, roleDeleted } from '../plan/operations';
import type { HealthIssue } from '../account/types';
import type { FieldChange, InFlight, LiveState, Operation, Plan, ProfileState } from '../plan/types';
import { assertNever } from '../assertNever';

/** "Plan: 2 to create, 1 to replace, 0 to delete" (profiles), then retag / adopt / role deletes / waits when there are any. */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  const adopt = s['adopt-in-place'] + s['adopt-by-replace'];
  const extra = [
    s.retag > 0 ? `${s.retag} to retag` : '',
    adopt > 0 ? `${adopt} to adopt` : '',
    s.roleDeletes > 0 ? `${plural(s.roleDeletes, 'role')} to delete` : '',
    s.wait > 0 ? `${s.wait} to wait for` : '',
  ].filter(Boolean);
  return `Plan: ${[`${s.create} to create`, `${s.replace} to replace`, `${s['delete-profile']} to delete`, ...extra].join(', ')}`;
}

export const shortFingerprint = (plan: Plan): string => plan.fingerprint.slice(0, 8);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function countBySeverity(diagnostics: readonly Diagnostic[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** What the operation does, in words: "replace (create new, then delete old)". Fixed text, safe in Markdown as it is. */
export function operationLabel(o: Operation): string {
  switch (o.op) {
    case 'create':
      return 'create';
    case 'replace':
      return `replace (${orderWords(o.order.kind)})`;
    case 'adopt-in-place':
      return 'adopt (tag in place)';
    case 'adopt-by-replace':
      return `adopt by replacing (${orderWords(o.order.kind)})`;
    case 'retag':
      return 'retag (in place)';
    case 'delete-profile':
      return 'delete';
    case 'delete-role':
      return 'delete role';
    case 'wait':
      return 'wait';
    case 'no-op':
      return 'no change';
    case 'unmanaged':
      return 'unmanaged';
  }
}

const orderWords = (kind: 'create-before-delete' | 'delete-before-create'): string =>
  kind === 'delete-before-create' ? 'delete old, then create new' : 'create new, then delete old';

/** What an operation works on, in words: the profile, `old → new` for a replacement, the role's name for `delete-role`. */
export function subjectLabel(o: Operation): string {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
      return o.replaces !== o.profile ? `${o.replaces} → ${o.profile}` : o.profile;
    case 'delete-role':
      return o.role.name;
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-profile':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return o.profile;
  }
}

/** The profile column of a plan: {@link subjectLabel}, a role marked as one. */
export const profileLabel = (o: Operation): string =>
  o.op === 'delete-role' ? `role ${o.role.name}` : subjectLabel(o);

/** The profile another run left CREATING or DELETING that the operation waits for before it starts. */
export function waitsForOf(o: Operation): InFlight | undefined {
  switch (o.op) {
    case 'create':
    case 'replace':
    case 'adopt-in-place':
    case 'adopt-by-replace':
    case 'retag':
      return o.waitsFor;
    case 'delete-profile':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** Before → after of an operation that changes a live profile, in place or by replacing it (what diffs show). */
export interface ProfileChange {
  spec: string;
  before: ProfileState;
  after: ProfileState;
  fields: FieldChange[];
  /** True for a replacement: its immutable fields are what force it. */
  replaced: boolean;
}

export function profileChangeOf(o: Operation): ProfileChange | undefined {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
      return { spec: o.spec, before: o.before, after: o.after, fields: o.fields, replaced: true };
    case 'adopt-in-place':
    case 'retag':
      return { spec: o.spec, before: o.before, after: o.after, fields: o.fields, replaced: false };
    // A create has no before (its fields are all new), a delete no after; the rest change nothing.
    case 'create':
    case 'delete-profile':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** Default roles the operation creates or deletes besides its subject (a `delete-role`'s role is its subject). */
export function rolesBeside(o: Operation): { action: 'create' | 'delete'; name: string }[] {
  if (o.op === 'delete-role') return [];
  const created = roleCreated(o);
  const deleted = roleDeleted(o);
  return [
    ...(created ? [{ action: 'create' as const, name: created.name }] : []),
    ...(deleted ? [{ action: 'delete' as const, name: deleted.name }] : []),
  ];
}

/** The live profile an operation reads (what it changes, deletes, waits for or leaves alone); none for a create or a role. */
function liveProfileOf(o: Operation): LiveState | undefined {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-profile':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return o.before;
    case 'create':
    case 'delete-role':
      return undefined;
  }
  return assertNever(o);
}

/** The live profile and what EKS reports wrong with it, for operations on a profile with health issues. */
export function healthOf(
  o: Operation,
): { profile: string; status: LiveState['status']; issues: HealthIssue[] } | undefined {
  const live = liveProfileOf(o);
  return live && live.health.length > 0 ? { profile: live.name, status: live.status, issues: live.health } : undefined;
}

/** The profile's state a created or deleted profile is shown with (its whole content, no diff to show instead). */
export function appearingOrGoing(o: Operation): { kind: 'created' | 'deleted'; state: ProfileState } | undefined {
  switch (o.op) {
    case 'create':
      return { kind: 'created', state: o.after };
    case 'delete-profile':
      return { kind: 'deleted', state: o.before };
    case 'replace':
    case 'adopt-by-replace':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}
