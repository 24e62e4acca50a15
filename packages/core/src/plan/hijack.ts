import type { Diagnostic, SourcePosition } from '../diagnostics';
import { assertNever } from '../assertNever';
import { analyzeMatching } from '../match/engine';
import { byEksName, profileLabel } from '../match/explain';
import { describeRegion, regionWithin, type Region } from '../match/region';
import type { Selector } from '../spec/types';
import type { ClusterPlan, Operation } from './types';
import { profileAfter, sourceOf, specOf } from './operations';

/** Who a profile that takes a spec's pods belongs to: nobody (made by hand), or another specs source. */
export type HijackerOwner = { kind: 'unmanaged' } | { kind: 'other-source'; source: string };

/**
 * A profile this plan does not manage that wins pods a spec of this plan selects: some pods match
 * both, and of all the profiles they match it sorts first, so EKS picks it (pods without the
 * `eks.amazonaws.com/fargate-profile` label). Computed on the cluster as the plan leaves it, by the
 * matching engine over all its profiles.
 */
export interface Hijack {
  region: string;
  cluster: string;
  /** EKS name of the profile that takes the pods. */
  profile: string;
  owner: HijackerOwner;
  /** The spec whose pods are taken, and its profile's EKS name after the plan. */
  spec: string;
  specProfile: string;
  source: SourcePosition;
  /** The spec's selector that loses pods (its index in the spec), and the winner's selector that takes them. */
  selectorIndex: number;
  selector: Selector;
  takenBy: Selector;
  /** The pods taken: every profile of the cluster that matches them sorts after the hijacker. */
  pods: Region;
}

interface SpecProfile {
  kind: 'spec';
  spec: string;
  name: string;
  selectors: Selector[];
  source: SourcePosition;
}

interface OtherProfile {
  kind: 'other';
  name: string;
  owner: HijackerOwner;
  selectors: Selector[];
}

/** The hijacks in one cluster of a plan, ordered by spec, selector and winner (one per spec selector and winner: the widest pods). */
export function hijacksOf(cluster: ClusterPlan): Hijack[] {
  const ours = cluster.operations.flatMap(o => specProfileOf(o) ?? []);
  const others = cluster.operations.flatMap(o => otherProfileOf(o) ?? []);
  if (ours.length === 0 || others.length === 0) return [];
  const analysis = analyzeMatching<SpecProfile | OtherProfile>([...ours, ...others]);
  const found = new Map<string, Hijack>();
  for (const contest of analysis.contests) {
    const [first, ...losers] = contest.matching;
    const winner = analysis.profiles[first!.profile]!;
    if (winner.kind !== 'other') continue;
    for (const loser of losers) {
      const mine = analysis.profiles[loser.profile]!;
      if (mine.kind !== 'spec') continue;
      const selectorIndex = loser.selectors[0]!;
      const key = `${mine.spec}\u0000${selectorIndex}\u0000${winner.name}`;
      const known = found.get(key);
      if (known && !regionWithin(known.pods, contest.region)) continue;
      found.set(key, {
        region: cluster.region,
        cluster: cluster.cluster,
        profile: winner.name,
        owner: winner.owner,
        spec: mine.spec,
        specProfile: mine.name,
        source: mine.source,
        selectorIndex,
        selector: mine.selectors[selectorIndex]!,
        takenBy: winner.selectors[first!.selectors[0]!]!,
        pods: contest.region,
      });
    }
  }
  return [...found.values()].sort(
    (a, b) => byEksName(a.spec, b.spec) || a.selectorIndex - b.selectorIndex || byEksName(a.profile, b.profile),
  );
}

/** The profile a spec has once the plan is applied; undefined for operations that leave it none. */
function specProfileOf(o: Operation): SpecProfile | undefined {
  const after = profileAfter(o);
  const spec = specOf(o);
  const source = sourceOf(o);
  return after && spec !== undefined && source
    ? { kind: 'spec', spec, name: after.name, selectors: after.selectors, source }
    : undefined;
}

/** A live profile the plan leaves alone and that can take pods (one being deleted or that failed to create takes none). */
function otherProfileOf(o: Operation): OtherProfile | undefined {
  switch (o.op) {
    case 'unmanaged': {
      const { status, selectors } = o.before;
      if (status === 'DELETING' || status === 'CREATE_FAILED') return undefined;
      const owner: HijackerOwner =
        o.reason.code === 'other-source' ? { kind: 'other-source', source: o.reason.source } : { kind: 'unmanaged' };
      return { kind: 'other', name: o.profile, owner, selectors };
    }
    case 'create':
    case 'replace':
    case 'adopt-by-replace':
    case 'adopt-in-place':
    case 'retag':
    case 'no-op':
    case 'wait':
    case 'delete-profile':
    case 'delete-role':
      return undefined;
  }
  return assertNever(o);
}

/** "`console-all` (not managed) takes pods that spec `payments` selects (namespace `payments`): EKS picks `console-all` first by name". */
export function hijackMessage(h: Hijack): string {
  return `\`${h.profile}\` (${ownerText(h.owner)}) takes pods that spec \`${h.spec}\` selects (${podsText(h.pods)}): EKS picks \`${h.profile}\` first by name`;
}

/** The plan's warning at the spec whose pods are taken; the drift check fails on it. */
export function hijackDiagnostic(h: Hijack): Diagnostic {
  return {
    severity: 'warning',
    code: 'plan.hijacked',
    message: hijackMessage(h),
    cluster: h.cluster,
    profile: h.spec,
    source: h.source,
    hint: `narrow or delete \`${h.profile}\`, adopt it with a spec, or label the pods \`${profileLabel}: ${h.specProfile}\``,
  };
}

function ownerText(owner: HijackerOwner): string {
  switch (owner.kind) {
    case 'unmanaged':
      return 'not managed';
    case 'other-source':
      return `managed by ${owner.source}`;
  }
  return assertNever(owner);
}

/** The pods in question: "namespace `x` with `k=v`", or the namespace patterns they all match. */
const podsText = (pods: Region): string => `${pods.namespaces.length === 1 ? 'namespace ' : ''}${describeRegion(pods)}`;
