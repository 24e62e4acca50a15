import { sha256Hex } from '../hash';
import { assertNever } from '../assertNever';
import { byString, canonicalSelectors, canonicalTags, sortedStrings } from './canonical';
import { changesSomething } from './operations';
import type { ClusterPlan, DefaultRole, Operation, ProfileState } from './types';

/** The shortest fingerprint prefix accepted: 8 hex digits, as the plan prints it. */
export const MIN_FINGERPRINT_PREFIX = 8;

/**
 * SHA-256 of the change set: each operation that changes the account, by what it does and the desired
 * content it leads to (kind, cluster, names, the desired state with its tags, the replacement's order,
 * the roles it creates or deletes, the tag update). What the plan only read on the way is left out
 * (quota, whether a read worked or was retried, read order, live health text, creation dates,
 * reasons and diagnostics), so the same specs against the same account give one fingerprint.
 */
export function fingerprintOf(clusters: readonly ClusterPlan[]): string {
  const changes = clusters
    .flatMap(c => c.operations.filter(changesSomething))
    .map(o => JSON.stringify(changeOf(o)))
    .sort(byString);
  return sha256Hex(JSON.stringify({ v: 2, changes }));
}

/** An operation reduced to what apply does, in a fixed key order from canonical pieces (plain JSON is canonical then). */
function changeOf(o: Operation): unknown {
  const at = { op: o.op, region: o.region, cluster: o.cluster };
  switch (o.op) {
    case 'create':
      return {
        ...at,
        spec: o.spec,
        profile: o.profile,
        after: stateOf(o.after),
        createsRole: roleOf(o.createsRole),
        waitsFor: o.waitsFor?.profile ?? null,
      };
    case 'replace':
    case 'adopt-by-replace':
      return {
        ...at,
        spec: o.spec,
        profile: o.profile,
        replaces: o.replaces,
        after: stateOf(o.after),
        order: o.order.kind,
        createsRole: roleOf(o.createsRole),
        deletesRole: roleOf(o.deletesRole),
        waitsFor: o.waitsFor?.profile ?? null,
      };
    case 'adopt-in-place':
    case 'retag':
      return {
        ...at,
        spec: o.spec,
        profile: o.profile,
        after: stateOf(o.after),
        set: canonicalTags(o.tags.set),
        remove: sortedStrings(o.tags.remove),
      };
    case 'delete-profile':
      return {
        ...at,
        spec: o.spec,
        profile: o.profile,
        ownership: o.ownership,
        successor: o.successor ?? null,
        deletesRole: roleOf(o.deletesRole),
      };
    case 'delete-role':
      return { ...at, spec: o.spec, role: roleOf(o.role) };
    case 'wait':
      return {
        ...at,
        spec: o.spec,
        profile: o.profile,
        until: o.until,
        deletesRole: o.until === 'deleted' ? roleOf(o.deletesRole) : null,
      };
    case 'no-op':
    case 'unmanaged':
      return at;
  }
  return assertNever(o);
}

const stateOf = (s: ProfileState) => ({
  name: s.name,
  podExecutionRoleArn: s.podExecutionRoleArn,
  subnets: sortedStrings(s.subnets),
  selectors: canonicalSelectors(s.selectors),
  tags: canonicalTags(s.tags),
});

const roleOf = (role: DefaultRole | undefined) =>
  role ? { name: role.name, arn: role.arn, source: role.source ?? null } : null;

/** True when `text` can stand for a fingerprint: 8 to 64 hex digits. */
export const isFingerprintPrefix = (text: string): boolean =>
  new RegExp(`^[0-9a-fA-F]{${MIN_FINGERPRINT_PREFIX},64}$`).test(text);

/** True when `given` (a full fingerprint or a printed prefix of 8+ hex digits) identifies `fingerprint`. */
export const fingerprintMatches = (fingerprint: string, given: string): boolean =>
  isFingerprintPrefix(given) && fingerprint.toLowerCase().startsWith(given.toLowerCase());
