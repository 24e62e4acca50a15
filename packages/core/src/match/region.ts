import type { Selector } from '../spec/types';
import { byEksName, profileLabel } from './explain';
import { globsAllIntersect, hasWildcards, literalPrefix } from './glob';
import { globContains } from './globCover';

/** A selector label: a pod label whose key matches `key` and whose value matches `value` (both EKS patterns). */
export interface LabelNeed {
  key: string;
  value: string;
}

/**
 * A region of pod space: the pods that every one of several selectors matches. The namespace matches
 * every pattern of `namespaces`, and for every need some label of the pod meets it. Pods that carry
 * the `eks.amazonaws.com/fargate-profile` label are left out: they choose their profile themselves.
 */
export interface Region {
  namespaces: readonly string[];
  needs: readonly LabelNeed[];
}

export const regionOf = (selector: Selector): Region =>
  simplify(
    [selector.namespace],
    Object.entries(selector.labels ?? {}).map(([key, value]) => ({ key, value })),
  );

/** The pods both regions hold. */
export const conjoin = (a: Region, b: Region): Region =>
  simplify([...a.namespaces, ...b.namespaces], [...a.needs, ...b.needs]);

/** Drops what the rest implies (a pattern containing another one, a need another one meets), and orders the rest. */
function simplify(namespaces: readonly string[], needs: readonly LabelNeed[]): Region {
  if (namespaces.length === 1 && needs.length <= 1) return { namespaces, needs };
  const ns = [...new Set(namespaces)];
  const keptNs = ns.filter(
    (p, i) => !ns.some((q, j) => j !== i && globContains(p, q) && (!globContains(q, p) || j < i)),
  );
  const unique = [...new Map(needs.map(n => [`${n.key}\u0000${n.value}`, n])).values()];
  const keptNeeds = unique.filter(
    (n, i) => !unique.some((m, j) => j !== i && implies(m, n) && (!implies(n, m) || j < i)),
  );
  return {
    namespaces: keptNs.sort(byEksName),
    needs: keptNeeds.sort((x, y) => byEksName(x.key, y.key) || byEksName(x.value, y.value)),
  };
}

/** Every pod label that meets `m` meets `n`. */
const implies = (m: LabelNeed, n: LabelNeed): boolean => globContains(n.key, m.key) && globContains(n.value, m.value);

/** One text per region, the same for the same pods written the same way. */
export function regionKey(r: Region): string {
  let key = JSON.stringify(r.namespaces);
  for (const n of r.needs) key += JSON.stringify(n.key) + JSON.stringify(n.value);
  return key;
}

/**
 * Whether the region holds a pod; `undefined` when a glob search gave up. Exact: the namespaces must
 * meet; needs on one literal key must meet in one value (a pod has one value per key); a need with a
 * wildcard key can always be met by a label of its own (a key no other need names); a need on the
 * profile label itself holds only pods that name their profile, which are left out.
 */
export function regionHoldsPods(r: Region): boolean | undefined {
  const namespaces = globsAllIntersect(r.namespaces);
  if (namespaces === false) return false;
  const byKey = new Map<string, string[]>();
  for (const need of r.needs) {
    if (hasWildcards(need.key)) continue;
    if (need.key === profileLabel) return false;
    byKey.set(need.key, [...(byKey.get(need.key) ?? []), need.value]);
  }
  let verdict: boolean | undefined = namespaces;
  for (const values of byKey.values()) {
    if (values.length === 1) continue;
    const meet = globsAllIntersect(values);
    if (meet === false) return false;
    if (meet === undefined) verdict = undefined;
  }
  return verdict;
}

/**
 * Whether every pod of the region matches the selector (proven; false when not shown). The namespace
 * part is exact when one pattern of the region contains it alone; each selector label must be met by
 * one need of the region alone, exact when the needs' keys are literal or their keys do not share texts.
 */
export function regionWithin(r: Region, selector: Region): boolean {
  return (
    selector.namespaces.every(outer => r.namespaces.some(inner => globContains(outer, inner))) &&
    selector.needs.every(outer => r.needs.some(inner => implies(inner, outer)))
  );
}

/** "`batch-*` with `compute=fargate`": the region's namespace patterns and every label its pods carry. */
export function describeRegion(r: Region): string {
  // The most telling pattern first: the longest literal start (`batch-*` before `*-jobs`).
  const namespaces = [...r.namespaces].sort(
    (a, b) => literalPrefix(b).length - literalPrefix(a).length || byEksName(a, b),
  );
  const [first, ...rest] = namespaces;
  const where =
    rest.length === 0
      ? `\`${first}\``
      : `namespaces matching ${rest.length === 1 ? 'both' : 'all of'} ${listOf(namespaces.map(n => `\`${n}\``))}`;
  return r.needs.length === 0 ? where : `${where} with ${r.needs.map(n => `\`${n.key}=${n.value}\``).join(', ')}`;
}

/** "a", "a and b", "a, b and c" (or "a, b or c"). */
export function listOf(items: readonly string[], word: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}
