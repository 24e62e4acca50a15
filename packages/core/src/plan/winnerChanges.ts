import type { Diagnostic } from '../diagnostics';
import type { Contest, MatchAnalysis } from '../match/engine';
import { byEksName, profileLabel } from '../match/explain';
import { describeRegion, listOf, regionWithin } from '../match/region';
import type { FinalProfile } from './classify';
import type { Operation } from './types';

/**
 * A replacement's new name sorts differently from the old one, so where other profiles match the
 * same pods the winner may change (EKS takes the first by name). Judged on the cluster as the plan
 * leaves it: in each region the replaced profile matches, the winner with its new name against the
 * winner had it kept the old one. One warning per replacement and other profile, at its widest region.
 */
export function winnerChanges(
  cluster: string,
  operations: readonly Operation[],
  analysis: MatchAnalysis<FinalProfile>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const o of operations) {
    if ((o.op !== 'replace' && o.op !== 'adopt-by-replace') || o.replaces === o.profile) continue;
    const self = analysis.profiles.findIndex(p => p.name === o.profile);
    if (self < 0) continue;
    const name = (p: number, renamed: boolean) => (p === self && !renamed ? o.replaces : analysis.profiles[p]!.name);
    const first = (profiles: readonly number[], renamed: boolean) =>
      [...profiles].sort((a, b) => byEksName(name(a, renamed), name(b, renamed)))[0];
    // Per other profile, the contests whose winner changes between the two names.
    const byOther = new Map<number, { contest: Contest; handed: boolean; aside: number[] }[]>();
    for (const contest of analysis.contests) {
      const matching = contest.matching.map(h => h.profile);
      if (!matching.includes(self)) continue;
      const now = matching[0]!;
      const before = first(matching, false)!;
      if (now === before) continue;
      const other = now === self ? before : now;
      // Pods that also match a profile sorting before the winner of either naming go to that one instead.
      const aside = contest.partial.filter(
        p => byEksName(name(p, true), name(now, true)) < 0 || byEksName(name(p, false), name(before, false)) < 0,
      );
      byOther.set(other, [...(byOther.get(other) ?? []), { contest, handed: now === other, aside }]);
    }
    for (const [other, changes] of byOther) {
      const widest = changes.find(
        c =>
          !changes.some(
            d =>
              d !== c &&
              regionWithin(c.contest.region, d.contest.region) &&
              !regionWithin(d.contest.region, c.contest.region),
          ),
      )!;
      const otherName = analysis.profiles[other]!.name;
      const aside = widest.aside.map(p => `\`${analysis.profiles[p]!.name}\``);
      const pods = `pods in ${describeRegion(widest.contest.region)}${aside.length > 0 ? ` (not those that also match ${listOf(aside, 'or')})` : ''}`;
      diagnostics.push({
        severity: 'warning',
        code: 'plan.replace-changes-winner',
        cluster,
        profile: o.spec,
        source: o.source,
        message: widest.handed
          ? `Replacing \`${o.replaces}\` by \`${o.profile}\` hands ${pods}, which \`${otherName}\` also matches, to \`${otherName}\` (EKS takes the first by name).`
          : `Replacing \`${o.replaces}\` by \`${o.profile}\` takes ${pods}, which \`${otherName}\` also matches, away from \`${otherName}\` (EKS takes the first by name).`,
        hint: `label those pods \`${profileLabel}\`, or set \`profileName\` to keep the order`,
      });
    }
  }
  return diagnostics;
}
