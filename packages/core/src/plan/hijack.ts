import type { Diagnostic, SourcePosition } from '../diagnostics';
import { assertNever } from '../assertNever';
import { byEksName, profileLabel } from '../match/explain';
import { globContains } from '../match/glob';
import { selectorsOverlap } from '../match/overlaps';
import type { Selector } from '../spec/types';
import type { ClusterPlan, Operation } from './types';
import { profileAfter, sourceOf, specOf } from './operations';

/** Who a profile that takes a spec's pods belongs to: nobody (made by hand), or another specs source. */
export type HijackerOwner = { kind: 'unmanaged' } | { kind: 'other-source'; source: string };

/**
 * A profile this plan does not manage that wins pods a spec of this plan selects: their selectors
 * can match one pod and its name sorts first, so EKS picks it (pods without the
 * `eks.amazonaws.com/fargate-profile` label). Computed on the cluster as the plan leaves it.
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
}

interface SpecProfile {
  spec: string;
  name: string;
  selectors: Selector[];
  source: SourcePosition;
}

interface OtherProfile {
  name: string;
  owner: HijackerOwner;
  selectors: Selector[];
}

/** The hijacks in one cluster of a plan, ordered by spec, selector and winner. */
export function hijacksOf(cluster: ClusterPlan): Hijack[] {
  const ours = cluster.operations.flatMap(o => specProfileOf(o) ?? []);
  const others = cluster.operations.flatMap(o => otherProfileOf(o) ?? []);
  const hijacks: Hijack[] = [];
  for (const mine of [...ours].sort((a, b) => byEksName(a.spec, b.spec))) {
    mine.selectors.forEach((selector, selectorIndex) => {
      for (const other of [...others].sort((a, b) => byEksName(a.name, b.name))) {
        if (byEksName(other.name, mine.name) >= 0) continue;
        const takenBy = other.selectors.find(s => selectorsOverlap(s, selector));
        if (!takenBy) continue;
        hijacks.push({
          region: cluster.region, cluster: cluster.cluster, profile: other.name, owner: other.owner,
          spec: mine.spec, specProfile: mine.name, source: mine.source, selectorIndex, selector, takenBy,
        });
      }
    });
  }
  return hijacks;
}

/** The profile a spec has once the plan is applied; undefined for operations that leave it none. */
function specProfileOf(o: Operation): SpecProfile | undefined {
  const after = profileAfter(o);
  const spec = specOf(o);
  const source = sourceOf(o);
  return after && spec !== undefined && source ? { spec, name: after.name, selectors: after.selectors, source } : undefined;
}

/** A live profile the plan leaves alone and that can take pods (one being deleted or that failed to create takes none). */
function otherProfileOf(o: Operation): OtherProfile | undefined {
  switch (o.op) {
    case 'unmanaged': {
      const { status, selectors } = o.before;
      if (status === 'DELETING' || status === 'CREATE_FAILED') return undefined;
      const owner: HijackerOwner = o.reason.code === 'other-source' ? { kind: 'other-source', source: o.reason.source } : { kind: 'unmanaged' };
      return { name: o.profile, owner, selectors };
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
  return `\`${h.profile}\` (${ownerText(h.owner)}) takes pods that spec \`${h.spec}\` selects (${podsText(h.selector, h.takenBy)}): EKS picks \`${h.profile}\` first by name`;
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

/** The pods in question: the narrower namespace pattern (or both) and every label a pod must carry to match both selectors. */
function podsText(mine: Selector, theirs: Selector): string {
  const namespace = globContains(theirs.namespace, mine.namespace)
    ? `namespace \`${mine.namespace}\``
    : globContains(mine.namespace, theirs.namespace)
      ? `namespace \`${theirs.namespace}\``
      : `namespaces matching both \`${mine.namespace}\` and \`${theirs.namespace}\``;
  const labels = new Map([...Object.entries(theirs.labels ?? {}), ...Object.entries(mine.labels ?? {})]);
  const withLabels = [...labels].sort(([a], [b]) => byEksName(a, b)).map(([k, v]) => `\`${k}=${v}\``);
  return withLabels.length > 0 ? `${namespace} with ${withLabels.join(', ')}` : namespace;
}
