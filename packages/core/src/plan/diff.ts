import { canonicalJson } from '../hash';
import type { Selector } from '../spec/types';
import { byString, canonicalLabels, canonicalSelectors, sortedStrings } from './canonical';
import type { FieldChange, ProfileState, TagUpdate } from './types';

/** Tags AWS reserves (`aws:*`): users cannot set or remove them, so they never count as a difference. */
export const isReservedTag = (key: string): boolean => key.startsWith('aws:');

/** The immutable fields in canonical form, as one comparable string (cached per state object: states are not mutated). */
const immutableKeys = new WeakMap<ProfileState, string>();
function immutableKey(state: ProfileState): string {
  let key = immutableKeys.get(state);
  if (key === undefined) {
    key = canonicalJson([state.podExecutionRoleArn, sortedStrings(state.subnets), canonicalSelectors(state.selectors)]);
    immutableKeys.set(state, key);
  }
  return key;
}

/** True when the fields EKS cannot change in place are equal (order of subnets, selectors and labels ignored). */
export function sameImmutableFields(a: ProfileState, b: ProfileState): boolean {
  return a.podExecutionRoleArn === b.podExecutionRoleArn && immutableKey(a) === immutableKey(b);
}

/** Field-level differences from `before` (live) to `after` (desired), immutable ones first, in a stable order. */
export function diffProfiles(before: ProfileState, after: ProfileState): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.podExecutionRoleArn !== after.podExecutionRoleArn) {
    changes.push({
      path: 'podExecutionRoleArn',
      before: before.podExecutionRoleArn,
      after: after.podExecutionRoleArn,
      forcesReplacement: true,
    });
  }
  const subnetsBefore = sortedStrings(before.subnets);
  const subnetsAfter = sortedStrings(after.subnets);
  if (canonicalJson(subnetsBefore) !== canonicalJson(subnetsAfter)) {
    changes.push({ path: 'subnets', before: subnetsBefore, after: subnetsAfter, forcesReplacement: true });
  }
  changes.push(...diffSelectors(before.selectors, after.selectors));
  changes.push(...diffTags(before.tags, after.tags));
  return changes;
}

/**
 * Selectors are a set to EKS. Each desired selector (in the spec's order, which gives the paths) is
 * matched with an equal live one, else with a live one of the same namespace (a labels change), else
 * it is new; live selectors left over were removed.
 */
function diffSelectors(before: Selector[], after: Selector[]): FieldChange[] {
  const remaining = canonicalSelectors(before).map(s => ({ selector: s, key: canonicalJson(s) }));
  const wanted = after.map(s => ({ namespace: s.namespace, labels: canonicalLabels(s.labels) }));
  const unmatched: number[] = [];
  for (const [i, selector] of wanted.entries()) {
    const equal = remaining.findIndex(r => r.key === canonicalJson(selector));
    if (equal >= 0) remaining.splice(equal, 1);
    else unmatched.push(i);
  }
  const changes: FieldChange[] = [];
  for (const i of unmatched) {
    const selector = wanted[i];
    const sameNamespace = remaining.findIndex(r => r.selector.namespace === selector.namespace);
    if (sameNamespace >= 0) {
      const [old] = remaining.splice(sameNamespace, 1);
      changes.push({
        path: `selectors[${i}].labels`,
        before: old.selector.labels,
        after: selector.labels,
        forcesReplacement: true,
      });
    } else {
      changes.push({ path: `selectors[${i}]`, after: selector, forcesReplacement: true });
    }
  }
  for (const old of remaining) changes.push({ path: 'selectors', before: old.selector, forcesReplacement: true });
  return changes;
}

function diffTags(before: Record<string, string>, after: Record<string, string>): FieldChange[] {
  const keys = sortedStrings([...Object.keys(before), ...Object.keys(after)]).filter(key => !isReservedTag(key));
  return keys
    .filter(key => before[key] !== after[key])
    .map(key => ({ path: `tags.${key}`, before: before[key], after: after[key], forcesReplacement: false }));
}

/** The in-place tag update that turns `before` into `after` (reserved `aws:` tags are left alone). */
export function tagUpdate(before: Record<string, string>, after: Record<string, string>): TagUpdate {
  const set: Record<string, string> = {};
  for (const key of Object.keys(after).sort(byString))
    if (before[key] !== after[key] && !isReservedTag(key)) set[key] = after[key];
  const remove = Object.keys(before)
    .filter(key => !(key in after) && !isReservedTag(key))
    .sort(byString);
  return { set, remove };
}

/** The fields of a profile that does not exist yet, each from nothing to its value. */
export function fieldsOfNew(after: ProfileState): FieldChange[] {
  return [
    { path: 'podExecutionRoleArn', after: after.podExecutionRoleArn, forcesReplacement: true },
    { path: 'subnets', after: sortedStrings(after.subnets), forcesReplacement: true },
    ...after.selectors.map((selector, i) => ({ path: `selectors[${i}]`, after: selector, forcesReplacement: true })),
    ...Object.keys(after.tags)
      .sort(byString)
      .map(key => ({ path: `tags.${key}`, after: after.tags[key], forcesReplacement: false })),
  ];
}
