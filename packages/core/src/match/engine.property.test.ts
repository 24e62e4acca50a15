import { seededRandom } from '../account/sim/faults';
import type { Selector } from '../spec/types';
import { analyzeMatching, type Contest, type MatchProfile } from './engine';
import { explainPod } from './explain';
import { globMatches } from './glob';
import type { Region } from './region';
import type { Pod } from './selector';

// Every pod of a small universe: namespaces over `a`, `b` and `c` (patterns never name `c`: it is
// "any other character"), labels `k`, `l` and `kc` with values over `a` and `c`. Random profiles
// with wildcard namespaces, keys and values; the engine's claims are checked pod by pod.
const strings = (alphabet: string, max: number): string[] => {
  const out = [''];
  for (let i = 0; i < out.length; i++) if (out[i]!.length < max) for (const c of alphabet) out.push(out[i]! + c);
  return out;
};
// Patterns have at most two characters, so two of them meet in a text of at most two (three for safety).
const namespaces = strings('abc', 3);
const values = strings('ac', 2);
const keys = ['k', 'l', 'kc'];
const pods: Pod[] = [];
const labelMaps: Record<string, string>[] = [{}];
for (const key of keys) {
  const more: Record<string, string>[] = [];
  for (const map of labelMaps) for (const v of values) more.push({ ...map, [key]: v });
  labelMaps.push(...more);
}
for (const namespace of namespaces) for (const labels of labelMaps) pods.push({ namespace, labels });

const random = seededRandom(20261122);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pattern = (alphabet: string, max: number): string => {
  let p = '';
  for (let i = Math.floor(random() * max) + 1; i > 0; i--) p += pick([...alphabet]);
  return p;
};
const selector = (): Selector => {
  const labels: Record<string, string> = {};
  for (let n = Math.floor(random() * 3); n > 0; n--) labels[pick(['k', 'l', 'k*', '?', 'k?'])] = pattern('a?*', 2);
  return { namespace: pattern('ab?*', 2), labels };
};
const profilesOf = (n: number): MatchProfile[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `p${i}`,
    selectors: Array.from({ length: 1 + Math.floor(random() * 2) }, selector),
  }));

/** Whether a selector takes a pod (EKS semantics, as selector.ts; without building explanations). */
const takes = (s: Selector, pod: Pod): boolean =>
  globMatches(s.namespace, pod.namespace) &&
  Object.entries(s.labels).every(([kp, vp]) =>
    Object.entries(pod.labels).some(([k, v]) => globMatches(kp, k) && globMatches(vp, v)),
  );

/** The profiles a pod matches in EKS order, and the one EKS picks (as explain.ts says it). */
const placement = (profiles: readonly MatchProfile[], pod: Pod) => {
  const matching = [...profiles]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .filter(p => p.selectors.some(s => takes(s, pod)))
    .map(p => p.name);
  return { matching, profile: matching[0] };
};

/**
 * A pod of the region over the unbounded alphabet: a namespace and a value for each literal key that
 * meet all their patterns, and for each wildcard key a key of its own (letters no pattern names).
 */
function witnessOf(r: Region): Pod | undefined {
  const texts = strings('abc', 4);
  const namespace = texts.find(t => r.namespaces.every(n => globMatches(n, t)));
  if (namespace === undefined) return undefined;
  const labels: Record<string, string> = {};
  const own = [...'uvwxyz'];
  for (const need of r.needs) {
    const literal = !/[*?]/.test(need.key);
    const key = literal ? need.key : need.key.replace(/[*?]/g, () => own.shift()!);
    const wanted = literal ? r.needs.filter(n => n.key === need.key).map(n => n.value) : [need.value];
    const value = texts.find(t => wanted.every(v => globMatches(v, t)));
    if (value === undefined) return undefined;
    labels[key] = value;
  }
  return { namespace, labels };
}

const inRegion = (r: Region, pod: Pod): boolean =>
  r.namespaces.every(n => globMatches(n, pod.namespace)) &&
  r.needs.every(need =>
    Object.entries(pod.labels).some(([k, v]) => globMatches(need.key, k) && globMatches(need.value, v)),
  );

describe('the matching engine against every pod of a small universe', () => {
  // Random rounds, and a few made to need a cover by several profiles (`a*` by `a` and `a?*`).
  const crafted: MatchProfile[][] = [
    [
      { name: 'p0', selectors: [{ namespace: 'a', labels: { k: 'a' } }] },
      { name: 'p1', selectors: [{ namespace: 'a?*', labels: { 'k*': '?' } }] },
      {
        name: 'p2',
        selectors: [
          { namespace: 'a*', labels: { k: 'a' } },
          { namespace: 'b', labels: {} },
        ],
      },
    ],
    [
      { name: 'p0', selectors: [{ namespace: 'a', labels: {} }] },
      { name: 'p1', selectors: [{ namespace: 'a??*', labels: {} }] },
      { name: 'p2', selectors: [{ namespace: 'a*', labels: {} }] },
      { name: 'p3', selectors: [{ namespace: 'a?', labels: { l: '*' } }] },
    ],
  ];
  const rounds = [...crafted, ...Array.from({ length: 30 }, (_, i) => profilesOf(3 + (i % 3)))];

  it('exercises every kind of claim over the rounds (contests, takers, shadowed selectors, profiles that never win)', () => {
    const analyses = rounds.map(r => analyzeMatching(r));
    expect(analyses.filter(a => a.contests.length > 0).length).toBeGreaterThan(10);
    expect(analyses.filter(a => a.contests.some(c => c.takenBy.length > 0)).length).toBeGreaterThan(0);
    expect(analyses.filter(a => a.contests.some(c => c.matching.length > 2)).length).toBeGreaterThan(0);
    expect(analyses.filter(a => a.shadowed.some(s => s.by.length > 1)).length).toBeGreaterThan(0);
    expect(analyses.filter(a => a.neverWins.length > 0).length).toBeGreaterThan(0);
  });

  it.each(rounds.map((profiles, i) => [i, profiles] as const))(
    'round %i: every claim holds pod by pod, and no overlap is missed',
    (_, profiles) => {
      const analysis = analyzeMatching(profiles);
      const names = analysis.profiles.map(p => p.name);
      const explained = pods.map(pod => placement(profiles, pod));
      // The fast placement is explain's own rule: checked on a sample of the pods.
      for (let i = 0; i < pods.length; i += 97) {
        const e = explainPod(profiles, pods[i]!);
        expect({ matching: e.matching, profile: e.profile }).toEqual(explained[i]);
      }

      // Claims that fail, in words (checked all at once: one expect per pod would be slow).
      const wrong: string[] = [];
      const say = (ok: boolean, what: () => string) => {
        if (!ok && wrong.length < 5) wrong.push(what());
      };
      const podsIn = new Map<Contest, number[]>();
      for (const contest of analysis.contests) {
        const inside = pods.flatMap((pod, i) => (inRegion(contest.region, pod) ? [i] : []));
        podsIn.set(contest, inside);
        // A region reported holds pods: one is built (over the unbounded alphabet) and placed.
        const witness = witnessOf(contest.region);
        say(
          witness !== undefined && inRegion(contest.region, witness),
          () => `empty region ${JSON.stringify(contest.region)}`,
        );
        const placed = [
          ...inside.map(i => [pods[i]!, explained[i]!] as const),
          ...(witness ? [[witness, placement(profiles, witness)] as const] : []),
        ];
        for (const [pod, e] of placed) {
          // Each holder holds every pod of it.
          for (const h of contest.matching)
            say(
              e.matching.includes(names[h.profile]!),
              () => `${names[h.profile]} does not hold ${JSON.stringify(pod)}`,
            );
          const taken = contest.takenBy.some(t => e.matching.includes(names[t]!));
          // EKS picks the first holder, unless a profile that sorts first and matches the pod takes it.
          const winner = contest.matching[0]!.profile;
          say(
            taken ? names.indexOf(e.profile!) < winner : e.profile === names[winner],
            () => `${JSON.stringify(pod)} goes to ${e.profile}, not ${names[winner]}`,
          );
        }
      }

      // Every pod that several profiles match lies in a reported region its winner and each loser hold.
      const contestsAt = new Map<number, Contest[]>();
      for (const [contest, inside] of podsIn)
        for (const i of inside) contestsAt.set(i, [...(contestsAt.get(i) ?? []), contest]);
      pods.forEach((pod, i) => {
        const e = explained[i]!;
        for (const loser of e.matching.slice(1)) {
          const covered = (contestsAt.get(i) ?? []).some(c => {
            const held = c.matching.map(h => names[h.profile]);
            return held.includes(loser) && (held[0] === e.profile || c.takenBy.some(t => names[t] === e.profile));
          });
          say(covered, () => `no region says ${e.profile} takes ${JSON.stringify(pod)} from ${loser}`);
        }
      });

      // A shadowed selector's pods all go to profiles that sort first; a profile that never wins wins no pod.
      for (const s of analysis.shadowed) {
        const sel = analysis.profiles[s.profile]!.selectors[s.selector]!;
        const region: Region = {
          namespaces: [sel.namespace],
          needs: Object.entries(sel.labels).map(([key, value]) => ({ key, value })),
        };
        pods.forEach((pod, i) => {
          if (inRegion(region, pod))
            say(
              names.indexOf(explained[i]!.profile!) < s.profile,
              () =>
                `${JSON.stringify(pod)} of shadowed ${names[s.profile]}#${s.selector} goes to ${explained[i]!.profile}`,
            );
        });
      }
      for (const n of analysis.neverWins)
        say(!explained.some(e => e.profile === names[n.profile]), () => `${names[n.profile]} wins a pod`);
      expect(wrong).toEqual([]);
    },
  );
});
