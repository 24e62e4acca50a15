import type { Diagnostic, SourcePosition } from '../diagnostics';
import { documentPathOf } from '../spec/formats';
import type { FieldSource, Selector, SpecFormat } from '../spec/types';
import { analyzeMatching, type Contest, type Holder, type MatchAnalysis } from './engine';
import { profileLabel } from './explain';
import { describeRegion, listOf, regionWithin } from './region';

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

/** Diagnostic codes of the matching analysis (docs/analysis.md says what each means). */
export const OVERLAP_CODES = {
  overlap: 'overlap.selectors',
  shadowedSelector: 'overlap.shadowed-selector',
  neverWins: 'overlap.never-wins',
  incomplete: 'overlap.incomplete',
} as const;

/**
 * The findings of the matching analysis of one cluster, each at the spec field it is about:
 * - `overlap.selectors` (warning), at each profile that loses pods of a region several profiles
 *   match: the region, every profile that matches all of it, "EKS picks `NAME`" (the first by name),
 *   and the profiles that sort first and take part of it. A loser hears of a region once: not again
 *   for a narrower region with the same winner.
 * - `overlap.shadowed-selector` (warning): every pod a selector matches goes to profiles that sort first.
 * - `overlap.never-wins` (warning): so does every pod of every selector of a profile (instead of one
 *   finding per selector).
 * - `overlap.incomplete` (info): the analysis stopped at its work bound.
 */
export function analyzeOverlaps(
  cluster: string,
  profiles: readonly OverlapProfile[],
  analysis: MatchAnalysis<OverlapProfile> = analyzeMatching(profiles),
): Diagnostic[] {
  const at = (profile: OverlapProfile, field: string): Pick<Diagnostic, 'path' | 'source' | 'profile' | 'cluster'> => {
    const position = profile.fields?.[field] ?? profile.source;
    const path = documentPathOf(field, profile.format, profile.fields?.[field]);
    return {
      cluster,
      profile: profile.spec ?? profile.name,
      ...(path !== undefined ? { path } : {}),
      ...(position ? { source: { file: position.file, line: position.line, column: position.column } } : {}),
    };
  };
  const names = (indices: readonly number[], word?: 'or') =>
    listOf(
      indices.map(i => `\`${analysis.profiles[i]!.name}\``),
      word,
    );
  const diagnostics: Diagnostic[] = [];

  for (const { contest, loser } of losses(analysis.contests)) {
    const profile = analysis.profiles[loser.profile]!;
    diagnostics.push({
      severity: 'warning',
      code: OVERLAP_CODES.overlap,
      message: overlapMessage(contest, names),
      ...at(profile, `selectors[${loser.selectors[0]}]`),
      hint: `narrow one of the selectors, or label the pods \`${profileLabel}: ${profile.name}\` to send them to \`${profile.name}\``,
    });
  }

  const never = new Set(analysis.neverWins.map(n => n.profile));
  for (const s of analysis.shadowed) {
    if (never.has(s.profile)) continue;
    const profile = analysis.profiles[s.profile]!;
    const by = names(s.by);
    diagnostics.push({
      severity: 'warning',
      code: OVERLAP_CODES.shadowedSelector,
      message:
        s.by.length === 1
          ? `selector ${s.selector + 1} of \`${profile.name}\` is shadowed by ${by}: every pod it matches also matches ${by}, which sorts first, so EKS never picks \`${profile.name}\` for them`
          : `selector ${s.selector + 1} of \`${profile.name}\` is shadowed by ${by}: every pod it matches also matches one of them, and they sort first, so EKS never picks \`${profile.name}\` for them`,
      ...at(profile, `selectors[${s.selector}]`),
      hint: `remove or narrow the selector, or label the pods \`${profileLabel}: ${profile.name}\``,
    });
  }
  for (const n of analysis.neverWins) {
    const profile = analysis.profiles[n.profile]!;
    diagnostics.push({
      severity: 'warning',
      code: OVERLAP_CODES.neverWins,
      message: `profile \`${profile.name}\` can never take a pod: every pod its selectors match also matches ${n.by.length === 1 ? '' : 'one of '}${names(n.by, n.by.length === 1 ? undefined : 'or')}, which sort${n.by.length === 1 ? 's' : ''} first`,
      ...at(profile, 'selectors'),
      hint: `only pods labelled \`${profileLabel}: ${profile.name}\` reach it; delete it, narrow the other profiles, or give it a name that sorts first`,
    });
  }
  if (analysis.incomplete) {
    diagnostics.push({
      severity: 'info',
      code: OVERLAP_CODES.incomplete,
      cluster,
      message: `the overlap analysis of cluster \`${cluster}\` stopped after ${analysis.incomplete.comparisons} comparisons; overlaps beyond them are not reported`,
    });
  }
  return diagnostics;
}

/** "pods in `preview-*` match `a`, `b` and `c`; EKS picks `a` (first by name)", and who sorts first and takes part of them. */
function overlapMessage(contest: Contest, names: (indices: readonly number[], word?: 'or') => string): string {
  const matching = contest.matching.map(h => h.profile);
  const head = `pods in ${describeRegion(contest.region)} match ${names(matching)}; EKS picks ${names([matching[0]!])} (first by name)`;
  if (contest.takenBy.length === 0) return head;
  const takers = names(contest.takenBy, 'or');
  return contest.takenBy.length === 1
    ? `${head}, except pods that also match ${takers}, which takes those`
    : `${head}, except pods that also match ${takers}: the first of those by name takes them`;
}

/**
 * The losers of each contest, each with the contest it hears of: per loser's selector and winner, only
 * the widest regions (a narrower one with the same winner says nothing new to that loser).
 */
function losses(contests: readonly Contest[]): { contest: Contest; loser: Holder }[] {
  const groups = new Map<string, { contest: Contest; loser: Holder }[]>();
  for (const contest of contests) {
    for (const loser of contest.matching.slice(1)) {
      const key = `${loser.profile}:${loser.selectors[0]}:${contest.matching[0]!.profile}`;
      const group = groups.get(key);
      if (group) group.push({ contest, loser });
      else groups.set(key, [{ contest, loser }]);
    }
  }
  return [...groups.values()].flatMap(group =>
    group.filter(
      (entry, i) =>
        !group.some(
          (other, j) =>
            j !== i &&
            regionWithin(entry.contest.region, other.contest.region) &&
            (!regionWithin(other.contest.region, entry.contest.region) || j < i),
        ),
    ),
  );
}
