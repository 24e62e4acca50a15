import { HASH_TAG } from '../account/types';
import { changesSomething, profileAfter, profileGone, roleCreated, roleDeleted, specOf, subjectOf } from './operations';
import type { Operation, Plan, ProfileState } from './types';

/** Why a change of the current plan was not reviewed. For display, and for the gate's decision only through `status`. */
export type UnreviewedReason =
  /** There is no reviewed plan at all (a direct push, no trusted plan comment, a digest that does not match). */
  | { code: 'no-reviewed-plan' }
  /** The reviewed plan did not show this change, nor any change for its spec or subject. */
  | { code: 'not-in-review' }
  /** The reviewed plan showed a change for the same spec or subject, but not this one. */
  | { code: 'differs'; differences: ReviewDifference[] };

/** What differs between the reviewed change and the current one: a closed list of the compared parts. */
export type ReviewDifference =
  'operation' | 'profile' | 'selectors' | 'subnets' | 'role' | 'tags' | 'order' | 'default-role';

export type ReviewVerdict =
  | { status: 'reviewed'; operation: Operation; reviewed: Operation }
  | { status: 'unreviewed'; operation: Operation; reason: UnreviewedReason };

export interface ReviewGate {
  /** One verdict per operation of the current plan that changes something, in plan order. */
  verdicts: ReviewVerdict[];
  /** Reviewed changes the current plan no longer has: done by another merge (or no longer needed). */
  done: Operation[];
}

/**
 * Compares the plan about to be applied with the plan that was reviewed: every change must have been
 * shown with the same operation and the same desired content (kind, cluster, subject, the profile it
 * leads to, replacement order, default roles). What a reviewed change left to do after another run
 * did part of it (the delete of a replacement, a leftover role) counts as reviewed too.
 * `reviewed` undefined: there is no reviewed plan, so no change is reviewed.
 */
export function reviewGate(reviewed: Plan | undefined, current: Plan): ReviewGate {
  const changes = current.clusters.flatMap(c => c.operations.filter(changesSomething));
  if (!reviewed)
    return {
      verdicts: changes.map(operation => ({ status: 'unreviewed', operation, reason: { code: 'no-reviewed-plan' } })),
      done: [],
    };
  const shown = reviewed.clusters.flatMap(c => c.operations.filter(changesSomething));
  const effects = new Set(shown.flatMap(effectsOf));
  const used = new Set<Operation>();
  const verdicts = changes.map((operation): ReviewVerdict => {
    const same = shown.find(r => differences(r, operation).length === 0);
    if (same) {
      used.add(same);
      return { status: 'reviewed', operation, reviewed: same };
    }
    const rest = effectsOf(operation);
    const continues = shown.find(
      r => r.cluster === operation.cluster && r.region === operation.region && effectsOf(r).some(e => rest.includes(e)),
    );
    if (continues && rest.every(e => effects.has(e))) {
      used.add(continues);
      return { status: 'reviewed', operation, reviewed: continues };
    }
    const related = shown.find(
      r =>
        sameCluster(r, operation) &&
        (subjectKey(r) === subjectKey(operation) || (specOf(r) !== undefined && specOf(r) === specOf(operation))),
    );
    if (related) {
      used.add(related);
      return {
        status: 'unreviewed',
        operation,
        reason: { code: 'differs', differences: differences(related, operation) },
      };
    }
    return { status: 'unreviewed', operation, reason: { code: 'not-in-review' } };
  });
  return { verdicts, done: shown.filter(r => !used.has(r)) };
}

/** The verdicts that refuse (or, with `warn`, only flag) a change. */
export const unreviewedOf = (gate: ReviewGate) => gate.verdicts.flatMap(v => (v.status === 'unreviewed' ? [v] : []));

/** One line for a reason: "the reviewed plan did not show it", "it differs from the reviewed change in selectors, profile". */
export function unreviewedText(reason: UnreviewedReason): string {
  switch (reason.code) {
    case 'no-reviewed-plan':
      return 'there is no reviewed plan';
    case 'not-in-review':
      return 'the reviewed plan did not show it';
    case 'differs':
      return `it differs from the reviewed change in ${reason.differences.join(', ')}`;
  }
}

const sameCluster = (a: Operation, b: Operation) => a.region === b.region && a.cluster === b.cluster;
const subjectKey = (o: Operation) => `${subjectOf(o).kind}:${subjectOf(o).name}`;

function differences(reviewed: Operation, current: Operation): ReviewDifference[] {
  if (!sameCluster(reviewed, current)) return ['operation'];
  const out: ReviewDifference[] = [];
  if (
    reviewed.op !== current.op ||
    ('until' in reviewed ? reviewed.until : '') !== ('until' in current ? current.until : '')
  )
    out.push('operation');
  if (subjectKey(reviewed) !== subjectKey(current)) out.push('profile');
  out.push(...stateDifferences(profileAfter(reviewed), profileAfter(current)));
  if (orderOf(reviewed) !== orderOf(current)) out.push('order');
  if (roleKey(reviewed) !== roleKey(current)) out.push('default-role');
  if (goneKey(reviewed) !== goneKey(current) && !out.includes('profile')) out.push('profile');
  return out;
}

function stateDifferences(a: ProfileState | undefined, b: ProfileState | undefined): ReviewDifference[] {
  if (!a || !b) return a === b ? [] : ['profile'];
  const out: ReviewDifference[] = [];
  if (canonical(a.selectors) !== canonical(b.selectors)) out.push('selectors');
  if (canonical([...a.subnets].sort()) !== canonical([...b.subnets].sort())) out.push('subnets');
  if (a.podExecutionRoleArn !== b.podExecutionRoleArn) out.push('role');
  // The content hash tag changes with any other field: only the tags a spec sets are named.
  if (canonical({ ...a.tags, [HASH_TAG]: undefined }) !== canonical({ ...b.tags, [HASH_TAG]: undefined }))
    out.push('tags');
  return out;
}

const orderOf = (o: Operation) => ('order' in o ? o.order.kind : '');
const roleKey = (o: Operation) => `${roleCreated(o)?.arn ?? ''}|${roleDeleted(o)?.arn ?? ''}`;
const goneKey = (o: Operation) => profileGone(o)?.name ?? '';

/**
 * The atomic changes an operation makes, as comparable keys: a profile made with its desired state,
 * a profile tagged to a state, a profile gone, a role made or gone. A change whose keys the reviewed
 * plan all had is what is left of a reviewed change.
 */
function effectsOf(o: Operation): string[] {
  const where = `${o.region}/${o.cluster}`;
  const out: string[] = [];
  const after = profileAfter(o);
  if (after && (o.op === 'create' || o.op === 'replace' || o.op === 'adopt-by-replace'))
    out.push(`make ${where}/${o.profile} ${canonical(after)}`);
  if (after && (o.op === 'retag' || o.op === 'adopt-in-place'))
    out.push(`tag ${where}/${o.profile} ${canonical(after)}`);
  const gone = profileGone(o);
  if (gone) out.push(`gone ${where}/${gone.name}`);
  const made = roleCreated(o);
  if (made) out.push(`make-role ${made.arn}`);
  const deleted = roleDeleted(o);
  if (deleted) out.push(`gone-role ${deleted.arn}`);
  return out;
}

/** JSON with object keys sorted, so equal content compares equal whatever order it was built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
