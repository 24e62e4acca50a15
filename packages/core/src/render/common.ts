import type { Diagnostic } from '../diagnostics';
import type { Change, ChangeKind, Plan } from '../plan/types';

/** "Plan: 2 to create, 1 to replace, 0 to delete" (+ retag / adopt counts when there are any). */
export function summaryLine(plan: Plan): string {
  const { create, replace, delete: del, retag, adopt } = plan.summary;
  const extra = [retag > 0 ? `${retag} to retag` : '', adopt > 0 ? `${adopt} to adopt` : ''].filter(Boolean);
  return `Plan: ${[`${create} to create`, `${replace} to replace`, `${del} to delete`, ...extra].join(', ')}`;
}

export const shortFingerprint = (plan: Plan): string => plan.fingerprint.slice(0, 8);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function countBySeverity(diagnostics: readonly Diagnostic[]): { error: number; warning: number; info: number } {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** What the change does, in words: "replace (create new, then delete old)". Fixed text, safe in Markdown as it is. */
export function changeLabel(change: Change): string {
  const order = change.strategy === 'delete-before-create' ? 'delete old, then create new' : 'create new, then delete old';
  if (change.target === 'role') return 'delete role';
  switch (change.kind) {
    case 'replace':
      return `replace (${order})`;
    case 'adopt':
      return change.replaces ? `adopt by replacing (${order})` : 'adopt (tag in place)';
    case 'retag':
      return 'retag (in place)';
    case 'noop':
      return 'no change';
    default:
      return change.kind;
  }
}

/** The profile column: the new name, or "old → new" for a replacement. */
export const profileLabel = (change: Change): string =>
  change.target === 'role'
    ? `role ${change.profileName}`
    : change.replaces && change.replaces !== change.profileName ? `${change.replaces} → ${change.profileName}` : change.profileName;

export const doesSomething = (kind: ChangeKind): boolean => kind !== 'noop' && kind !== 'unmanaged';
