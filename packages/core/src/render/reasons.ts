import { healthText } from '../plan/clusterView';
import { deleteFirstText } from '../plan/replaceOrder';
import type { DeleteReason, InFlight, Operation, ReplaceReason } from '../plan/types';
import { assertNever } from '../assertNever';

// The typed reasons of a plan in words. Reasons are for display only: these words are what a reviewer
// reads, never what apply decides on. Names are `code` quoted, as mdInline and the terminal expect.

/** Why the operation happens, in words: "new spec", "`subnets` changed", "spec `x` removed from Git". */
export function reasonText(o: Operation): string {
  switch (o.op) {
    case 'create':
      return o.reason.code === 'new-spec' ? 'new spec' : `new spec (\`${o.reason.adopt}\` to adopt does not exist)`;
    case 'replace':
      return replaceReasonText(o.reason, o.replaces);
    case 'adopt-by-replace':
      return `adopts unmanaged \`${o.replaces}\` by replacing it: ${replaceReasonText(o.reason, o.replaces)}`;
    case 'adopt-in-place':
      return `adopts unmanaged \`${o.profile}\` by tagging it (its immutable fields equal the spec)`;
    case 'retag':
      return describeFields(o.reason.fields);
    case 'delete-profile':
      return deleteReasonText(o.reason, o.spec);
    case 'delete-role':
      return `default role of spec \`${o.spec}\` left behind: no profile uses it and no spec wants it`;
    case 'wait':
      return o.until === 'active'
        ? 'up to date; still being created'
        : `${deleteReasonText(o.reason, o.spec)}; already being deleted`;
    case 'no-op':
      return 'up to date';
    case 'unmanaged': {
      const status = o.before.status === 'ACTIVE' ? '' : ` (${o.before.status})`;
      return o.reason.code === 'other-source'
        ? `managed by ${o.reason.source}${status}; left alone`
        : `not managed by fargatekeeper${status}; left as it is`;
    }
  }
}

function replaceReasonText(reason: ReplaceReason, old: string): string {
  switch (reason.code) {
    case 'fields-changed':
      return describeFields(reason.fields);
    case 'failed':
      return `\`${old}\` is ${reason.status}`;
  }
}

function deleteReasonText(reason: DeleteReason, spec: string): string {
  switch (reason.code) {
    case 'spec-removed':
      return `spec \`${spec}\` removed from Git${reason.lastDeleteFailed ? '; the last delete failed' : ''}`;
    case 'replacement-leftover':
      return 'left over from an interrupted replacement';
    case 'create-failed':
      return `failed to create${healthText(reason.health)}`;
    case 'adopted-and-replaced':
      return `adopted by spec \`${spec}\` and already replaced by \`${reason.by}\``;
  }
}

/** "`a` changed", "`a` and `b` changed", "`a`, `b` and `c` changed", "`a`, `b` and 3 more changed". */
export function describeFields(paths: readonly string[]): string {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return 'nothing changed';
  const shown = unique.slice(0, 2).map(p => `\`${p}\``);
  const more = unique.length - shown.length;
  if (more === 0) return `${shown.join(' and ')} changed`;
  if (more === 1) return `${shown.join(', ')} and \`${unique[2]}\` changed`;
  return `${shown.join(', ')} and ${more} more changed`;
}

/** Why the old profile of a replacement goes first, when it does. */
export function deleteFirstOf(o: Operation): string | undefined {
  switch (o.op) {
    case 'replace':
    case 'adopt-by-replace':
      return o.order.kind === 'delete-before-create' ? deleteFirstText(o.order.why) : undefined;
    case 'create':
    case 'adopt-in-place':
    case 'retag':
    case 'delete-profile':
    case 'delete-role':
    case 'wait':
    case 'no-op':
    case 'unmanaged':
      return undefined;
  }
  return assertNever(o);
}

/** What an operation waits for before it starts: "waits for `x` to be deleted". */
export function waitsForText(inFlight: InFlight): string {
  return `waits for \`${inFlight.profile}\` ${inFlight.status === 'DELETING' ? 'to be deleted' : 'to become ACTIVE'}`;
}
