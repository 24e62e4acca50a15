import type { Diagnostic, SourcePosition } from '../diagnostics';
import { documentPathOf } from '../spec/formats';
import type { FieldSource, Selector, SpecFormat } from '../spec/types';
import { byEksName, profileLabel } from './explain';
import { globContains, globsIntersect, hasWildcards } from './glob';

export interface OverlapProfile {
  /** EKS profile name: the tie-break orders by it. */
  name: string;
  /** The spec's `metadata.name`, when the profile comes from a spec. */
  spec?: string;
  selectors: Selector[];
  source?: SourcePosition;
  /** Model field positions (`selectors[1]`), to point at the selector itself. */
  fields?: Record<string, FieldSource>;
  /** The spec's format, for the document path of a selector whose position was not recorded. */
  format?: SpecFormat;
}

/**
 * A warning for every pair of selectors of two profiles that can match a common pod: the namespace
 * patterns intersect and the two label sets can be carried by one pod. It says which profile EKS picks
 * (the first by name), at the selector of the profile that loses those pods.
 */
export function analyzeOverlaps(cluster: string, profiles: readonly OverlapProfile[]): Diagnostic[] {
  const sorted = [...profiles].sort((a, b) => byEksName(a.name, b.name));
  const diagnostics: Diagnostic[] = [];
  sorted.forEach((winner, i) => {
    for (const loser of sorted.slice(i + 1)) {
      winner.selectors.forEach(won => {
        loser.selectors.forEach((lost, lostIndex) => {
          if (!selectorsOverlap(won, lost)) return;
          const field = `selectors[${lostIndex}]`;
          const at = loser.fields?.[field] ?? loser.source;
          const source = at && { file: at.file, line: at.line, column: at.column };
          const path = documentPathOf(field, loser.format, loser.fields?.[field]);
          diagnostics.push({
            severity: 'warning',
            code: 'overlap.selectors',
            message: `pods in ${describeCommonPods(won, lost)} match \`${winner.name}\` and \`${loser.name}\`; EKS picks \`${winner.name}\` (first by name)`,
            cluster,
            profile: loser.spec ?? loser.name,
            ...(path !== undefined ? { path } : {}),
            ...(source ? { source } : {}),
            hint: `narrow one of the selectors, or label the pods \`${profileLabel}: ${loser.name}\` to send them to \`${loser.name}\``,
          });
        });
      });
    }
  });
  return diagnostics;
}

export function selectorsOverlap(a: Selector, b: Selector): boolean {
  return globsIntersect(a.namespace, b.namespace) && labelsCanCoexist(a.labels ?? {}, b.labels ?? {});
}

/**
 * One pod can carry both label sets unless both require the same literal key with values that no
 * single text matches. A wildcard key can always be met by a label of its own, so it never conflicts.
 */
export function labelsCanCoexist(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(a).every(([key, value]) => {
    if (hasWildcards(key) || !(key in b)) return true;
    return globsIntersect(value, b[key]!);
  });
}

/** "`batch-*` with `compute=fargate`": the narrower namespace pattern and every label both selectors require. */
function describeCommonPods(a: Selector, b: Selector): string {
  const labels = new Map<string, string>();
  for (const [key, value] of [...Object.entries(a.labels ?? {}), ...Object.entries(b.labels ?? {})]) {
    const known = labels.get(key);
    labels.set(key, known === undefined ? value : narrower(known, value) ?? `${known}`);
  }
  const namespace = narrower(a.namespace, b.namespace);
  const where = namespace !== undefined ? `\`${namespace}\`` : `namespaces matching both \`${a.namespace}\` and \`${b.namespace}\``;
  const sorted = [...labels.entries()].sort(([x], [y]) => byEksName(x, y));
  return sorted.length === 0 ? where : `${where} with ${sorted.map(([k, v]) => `\`${k}=${v}\``).join(', ')}`;
}

function narrower(a: string, b: string): string | undefined {
  if (globContains(b, a)) return a;
  if (globContains(a, b)) return b;
  return undefined;
}
