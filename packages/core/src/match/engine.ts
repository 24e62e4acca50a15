import type { Selector } from '../spec/types';
import { byEksName } from './explain';
import { hasWildcards } from './glob';
import { globsCover } from './globCover';
import { NamespaceIndex } from './namespaceIndex';
import { conjoin, regionHoldsPods, regionKey, regionOf, regionWithin, type Region } from './region';

/** A profile as the matching engine sees it: its EKS name (the tie-break orders by it) and selectors. */
export interface MatchProfile {
  name: string;
  selectors: readonly Selector[];
}

/** A profile whose selectors (by index, at least one) hold every pod of a region. */
export interface Holder {
  /** Index into {@link MatchAnalysis.profiles}. */
  profile: number;
  selectors: number[];
}

/**
 * A region of pod space that several profiles match: EKS gives its pods to the first of `matching`
 * (in EKS order, by name), except the pods that also match a profile of `takenBy`: each of those
 * sorts before the winner and takes the pods it matches (the first of them that a pod matches).
 */
export interface Contest {
  region: Region;
  /** Every profile that matches every pod of the region, in EKS order: `matching[0]` wins. */
  matching: Holder[];
  /** Profiles (indices, EKS order) that match some pods of the region but not all. */
  partial: number[];
  /** Those of `partial` that sort before the winner: they take the pods they match. */
  takenBy: number[];
}

/** A selector every pod of which matches a profile that sorts before its own: EKS never gives it one. */
export interface Shadowing {
  profile: number;
  selector: number;
  /**
   * Profiles that sort first, in EKS order: the first of those that match every pod of it, or several
   * that do together. (A profile sorting earlier still may take some of the pods from them.)
   */
  by: number[];
}

/** A profile that takes no pod without the `eks.amazonaws.com/fargate-profile` label: every selector is shadowed. */
export interface NeverWins {
  profile: number;
  by: number[];
}

export interface MatchAnalysis<P extends MatchProfile = MatchProfile> {
  /** The profiles in EKS order (by name); every index above points into this list. */
  profiles: readonly P[];
  contests: Contest[];
  shadowed: Shadowing[];
  neverWins: NeverWins[];
  /** Selector pairs and region checks made (the work the bound counts). */
  comparisons: number;
  /** Set when the analysis stopped at its work bound: what it reports is right, but there may be more. */
  incomplete?: { comparisons: number };
}

/**
 * Comparisons (selector pairs and region checks) one analysis makes at most: far above any real
 * cluster (9,000 profiles on one cluster take about 39,000, see bench/README.md), a bound for hostile
 * input such as thousands of selectors that all overlap.
 */
export const MAX_COMPARISONS = 5_000_000;

/** Comparisons made so far, and the bound. */
interface Work {
  comparisons: number;
  max: number;
}

/** Identical selectors (by the pods they hold) of any profiles, analysed once. */
interface SelectorClass {
  id: number;
  region: Region;
  holders: { profile: number; selector: number }[];
  neighbours: SelectorClass[];
  neighbourIds: Set<number>;
  /** The labels it requires with a literal key and value: the index splits crowded namespaces by them. */
  literalLabels: ReadonlyMap<string, string>;
}

/**
 * Which profile takes which pods, over all profiles of a cluster at once (EKS takes the first by
 * name of those a pod matches, unless the pod names one with `eks.amazonaws.com/fargate-profile`):
 * - every region where the selectors of two profiles meet, with all the profiles whose selectors
 *   hold all of it and the winner among them, and those that sort first and take part of it;
 * - every selector whose pods all go to profiles that sort before its own (shadowed), and every
 *   profile that can never take a pod that does not name it.
 * Near-linear: selectors are indexed by namespace prefix, so only selectors that may share a
 * namespace are compared, and identical selectors once. Glob questions are exact (see glob.ts and
 * globCover.ts); what is approximated is said at {@link regionWithin} and in docs/analysis.md, and is
 * never a false claim: a region reported is never empty, a holder holds all of it, a shadowed selector
 * is shadowed.
 */
export function analyzeMatching<P extends MatchProfile>(
  input: readonly P[],
  options: { maxComparisons?: number } = {},
): MatchAnalysis<P> {
  const profiles = [...input].sort((a, b) => byEksName(a.name, b.name));
  const classes = selectorClasses(profiles);
  const work = { comparisons: 0, max: options.maxComparisons ?? MAX_COMPARISONS };
  const pairs = overlappingPairs(classes, work);
  // Regions are judged against the selectors next to them: with the pairs cut short, none can be.
  const paired = work.comparisons <= work.max;
  const contests = paired ? contestsOf(classes, pairs, work) : [];
  const shadowed = paired ? shadowingsOf(classes, work) : [];
  return {
    profiles,
    contests,
    shadowed,
    neverWins: neverWinsOf(profiles, classes, shadowed),
    comparisons: work.comparisons,
    ...(work.comparisons > work.max ? { incomplete: { comparisons: work.comparisons } } : {}),
  };
}

function selectorClasses(profiles: readonly MatchProfile[]): SelectorClass[] {
  const byKey = new Map<string, SelectorClass>();
  profiles.forEach((profile, p) =>
    profile.selectors.forEach((selector, s) => {
      const region = regionOf(selector);
      const key = regionKey(region);
      let found = byKey.get(key);
      if (!found) {
        const literalLabels = new Map(
          region.needs.filter(n => !hasWildcards(n.key) && !hasWildcards(n.value)).map(n => [n.key, n.value]),
        );
        byKey.set(
          key,
          (found = { id: byKey.size, region, holders: [], neighbours: [], neighbourIds: new Set(), literalLabels }),
        );
      }
      found.holders.push({ profile: p, selector: s });
    }),
  );
  // A selector that holds no pod (a literal `eks.amazonaws.com/fargate-profile` label) takes part in nothing.
  return [...byKey.values()].filter(c => regionHoldsPods(c.region) !== false);
}

/** Pairs of classes that share a pod, found through the namespace index; each class learns its neighbours. */
function overlappingPairs(classes: readonly SelectorClass[], work: Work): [SelectorClass, SelectorClass][] {
  const index = new NamespaceIndex<SelectorClass>(c => c.literalLabels);
  for (const c of classes) index.add(c.region.namespaces[0]!, c);
  const pairs: [SelectorClass, SelectorClass][] = [];
  index.pairs((a, b) => {
    if (++work.comparisons > work.max) return false;
    if (!meet(a.region, b.region)) return true;
    a.neighbours.push(b);
    a.neighbourIds.add(b.id);
    b.neighbours.push(a);
    b.neighbourIds.add(a.id);
    pairs.push([a, b]);
    return true;
  });
  return pairs;
}

/** Whether one pod is in both regions (a search that gave up counts as yes: the pair is then looked at closely). */
const meet = (a: Region, b: Region): boolean =>
  regionHoldsPods({ namespaces: [...a.namespaces, ...b.namespaces], needs: [...a.needs, ...b.needs] }) !== false;

/** Whether the holders of these classes belong to two profiles or more (only then is there a contest). */
function severalProfiles(...classes: SelectorClass[]): boolean {
  const first = classes[0]!.holders[0]!.profile;
  return classes.some(c => c.holders.some(h => h.profile !== first));
}

function contestsOf(
  classes: readonly SelectorClass[],
  pairs: readonly [SelectorClass, SelectorClass][],
  work: Work,
): Contest[] {
  // Each region once (pairs of nested selectors give the same one), by its key.
  const seen = new Map<string, Contest | undefined>();
  const consider = (region: Region, seeds: SelectorClass[], candidates: Iterable<SelectorClass>) => {
    const key = regionKey(region);
    if (!seen.has(key)) seen.set(key, contestOf(region, seeds, candidates, work));
  };
  for (const c of classes) if (severalProfiles(c)) consider(c.region, [c], c.neighbours);
  for (const [a, b] of pairs) {
    if (work.comparisons > work.max) break;
    if (!severalProfiles(a, b)) continue;
    consider(conjoin(a.region, b.region), [a, b], commonNeighbours(a, b));
  }
  const found = [...seen].filter((entry): entry is [string, Contest] => entry[1] !== undefined);
  return found
    .sort(([kx, x], [ky, y]) => x.matching[0]!.profile - y.matching[0]!.profile || byEksName(kx, ky))
    .map(([, contest]) => contest);
}

/** Classes next to both (only they can meet the pods both hold). */
function* commonNeighbours(a: SelectorClass, b: SelectorClass): Iterable<SelectorClass> {
  const [few, many] = a.neighbours.length <= b.neighbours.length ? [a, b] : [b, a];
  for (const c of few.neighbours) if (c !== many && many.neighbourIds.has(c.id)) yield c;
}

/** Who holds all of the region (the seeds do, by construction), who some of it; undefined when fewer than two profiles hold it all. */
function contestOf(
  region: Region,
  seeds: SelectorClass[],
  candidates: Iterable<SelectorClass>,
  work: Work,
): Contest | undefined {
  const holding = new Map<number, number[]>();
  const hold = (c: SelectorClass) => {
    for (const h of c.holders) holding.set(h.profile, [...(holding.get(h.profile) ?? []), h.selector]);
  };
  seeds.forEach(hold);
  const partial = new Set<number>();
  for (const c of candidates) {
    if (seeds.includes(c)) continue;
    work.comparisons++;
    if (regionWithin(region, c.region)) hold(c);
    else if (meet(region, c.region)) for (const h of c.holders) partial.add(h.profile);
  }
  if (holding.size < 2) return undefined;
  const matching = [...holding]
    .map(([profile, selectors]) => ({ profile, selectors: [...new Set(selectors)].sort((x, y) => x - y) }))
    .sort((x, y) => x.profile - y.profile);
  const winner = matching[0]!.profile;
  const partly = [...partial].filter(p => !holding.has(p)).sort((x, y) => x - y);
  return { region, matching, partial: partly, takenBy: partly.filter(p => p < winner) };
}

/**
 * Shadowed selectors: one profile that sorts first holds all the selector's pods (exact containment),
 * or several do together: those whose labels the selector's labels imply one by one, whose namespace
 * patterns then cover the selector's (exact union coverage of globs). The second is exact for
 * selectors with literal labels; with wildcard labels it may miss a cover, never claim a false one.
 */
function shadowingsOf(classes: readonly SelectorClass[], work: Work): Shadowing[] {
  const out: Shadowing[] = [];
  for (const c of classes) {
    for (const h of c.holders) {
      const earlierOf = (n: SelectorClass) => n.holders.filter(o => o.profile < h.profile).map(o => o.profile);
      const earlier = c.neighbours.filter(n => earlierOf(n).length > 0);
      work.comparisons += earlier.length;
      // Profiles that sort first and hold every pod of the selector: an identical selector, or one that contains it.
      const holding = [...earlierOf(c), ...earlier.filter(n => regionWithin(c.region, n.region)).flatMap(earlierOf)];
      if (holding.length > 0) {
        out.push({ profile: h.profile, selector: h.selector, by: [Math.min(...holding)] });
        continue;
      }
      // Labels first: only profiles whose labels every pod of the selector carries can add up to a cover.
      const labelled = earlier.filter(n => regionWithin(c.region, { namespaces: [], needs: n.region.needs }));
      if (labelled.length < 2) continue;
      if (
        globsCover(
          c.region.namespaces[0]!,
          labelled.map(n => n.region.namespaces[0]!),
        ) === true
      ) {
        out.push({
          profile: h.profile,
          selector: h.selector,
          by: [...new Set(labelled.map(n => Math.min(...earlierOf(n))))].sort((x, y) => x - y),
        });
      }
    }
  }
  return out.sort((a, b) => a.profile - b.profile || a.selector - b.selector);
}

/** Profiles every selector of which that holds pods is shadowed. */
function neverWinsOf(
  profiles: readonly MatchProfile[],
  classes: readonly SelectorClass[],
  shadowed: readonly Shadowing[],
): NeverWins[] {
  const live = new Map<number, Set<number>>();
  for (const c of classes)
    for (const h of c.holders) live.set(h.profile, (live.get(h.profile) ?? new Set()).add(h.selector));
  const byProfile = new Map<number, Shadowing[]>();
  for (const s of shadowed) byProfile.set(s.profile, [...(byProfile.get(s.profile) ?? []), s]);
  const out: NeverWins[] = [];
  profiles.forEach((_, p) => {
    const selectors = live.get(p);
    const shadows = byProfile.get(p) ?? [];
    if (!selectors || shadows.length < selectors.size) return;
    out.push({ profile: p, by: [...new Set(shadows.flatMap(s => s.by))].sort((x, y) => x - y) });
  });
  return out;
}
