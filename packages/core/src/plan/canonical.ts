import { canonicalJson } from '../hash';
import { byString } from '../order';
import type { Selector } from '../spec/types';

// EKS treats subnets and selectors as sets and labels as maps: order carries no meaning, so every
// comparison, name and hash goes through these canonical forms.

export const sortedStrings = (values: readonly string[]): string[] => [...new Set(values)].sort(byString);

export function canonicalLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels ?? {}).sort(byString)) out[key] = labels![key];
  return out;
}

export function canonicalSelectors(selectors: readonly Selector[]): Selector[] {
  const canonical = selectors.map(s => ({ namespace: s.namespace, labels: canonicalLabels(s.labels) }));
  const keyed = canonical.map(s => [canonicalJson(s), s] as const);
  const unique = new Map(keyed.sort((a, b) => byString(a[0], b[0])));
  return [...unique.values()];
}

export const canonicalTags = canonicalLabels;

export { byString };
