import type { Diagnostic } from '../diagnostics';
import { finding, type ClusterView } from './clusterView';
import type { DesiredProfile } from './desired';
import { failed } from './liveState';
import { slotFreeingDeletes } from './operations';
import type { AdoptByReplaceOperation, DeleteFirstReason, Operation, ReplaceOperation } from './types';

/**
 * Create-before-delete keeps pods scheduled during a replacement, so it is the default. It cannot work
 * when the new profile needs the old one's name (a fixed `profileName`, or the same derived name) or
 * when the extra profile would exceed the quota (counted after the plan's deletes, which apply runs first).
 * A failed old profile serves no pods, so deleting it first costs nothing and frees its slot.
 */
export function orderReplacements(
  view: ClusterView,
  quota: number | undefined,
  desired: readonly DesiredProfile[],
  operations: readonly Operation[],
): { operations: Operation[]; diagnostics: Diagnostic[] } {
  // Profiles in the cluster when a replacement runs, in apply's order (orderOperations): deletes
  // that have no successor may go first, creates come before create-before-delete replacements.
  const freeDeletes = slotFreeingDeletes(operations).length;
  const creates = operations.filter(o => o.op === 'create').length;
  const inUse = view.live.length - freeDeletes + creates;
  const diagnostics: Diagnostic[] = [];
  const ordered = operations.map(o => {
    if (o.op !== 'replace' && o.op !== 'adopt-by-replace') return o;
    const why = deleteFirstReason(o, desired, quota, inUse);
    if (!why) return o;
    const old = o.before;
    if (old.status === 'ACTIVE' || old.status === 'CREATING') {
      const message = `\`${old.name}\` is deleted before \`${o.profile}\` is created (${deleteFirstText(why)}): pods that only it matches cannot start on Fargate in between.`;
      diagnostics.push(finding(view, 'warning', 'plan.replace-downtime', message, o.spec, o.source));
    }
    return { ...o, order: { kind: 'delete-before-create' as const, why } };
  });
  return { operations: ordered, diagnostics };
}

function deleteFirstReason(
  o: ReplaceOperation | AdoptByReplaceOperation,
  desired: readonly DesiredProfile[],
  quota: number | undefined,
  inUse: number,
): DeleteFirstReason | undefined {
  if (failed(o.before.status)) return { code: 'old-failed', profile: o.replaces, status: o.before.status };
  if (o.profile === o.replaces) {
    const fixed = desired.find(d => d.spec.name === o.spec)?.spec.profileName;
    return fixed === o.profile ? { code: 'fixed-name', name: o.profile } : { code: 'same-name', name: o.profile };
  }
  if (quota !== undefined && inUse + 1 > quota) return { code: 'quota', quota, inUse };
  return undefined;
}

/** The reason in words (the renderers show it; the downtime warning quotes it). */
export function deleteFirstText(why: DeleteFirstReason): string {
  switch (why.code) {
    case 'old-failed':
      return `\`${why.profile}\` is ${why.status} and serves no pods`;
    case 'fixed-name':
      return `\`profileName\` fixes the name \`${why.name}\`, so the old profile must go first`;
    case 'same-name':
      return `the new profile has the same EKS name \`${why.name}\``;
    case 'quota':
      return `the cluster would exceed its quota of ${why.quota} profiles (${why.inUse} in use when the replacement runs, and create-before-delete needs one more)`;
  }
}
