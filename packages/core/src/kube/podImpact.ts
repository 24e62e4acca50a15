import type { Diagnostic } from '../diagnostics';
import type { LiveProfile } from '../account/types';
import { byString } from '../order';
import { profileAfter, profileGone } from '../plan/operations';
import type { ClusterPlan, Operation } from '../plan/types';
import { labelSelectorMatches } from './labelSelector';
import {
  currentPlacement,
  hasNodes,
  isLive,
  placementAfter,
  samePlacement,
  type MatchingProfile,
  type PodPlacement,
} from './placement';
import type { ClusterPod, ClusterWorkloads, DisruptionBudget } from './types';

/**
 * What a change does to running pods:
 * - `stopped`: the pod runs on a profile the change deletes (or replaces): EKS stops it now, and its
 *   controller's new pod goes where `to` says;
 * - `moves-on-restart`: the pod stays where it is, but once the change is applied a profile it creates
 *   takes the pod the next time it is created (a rollout, a restart).
 */
export type PodEffect = 'stopped' | 'moves-on-restart';

/** Pods of one namespace and one controller that a change affects alike. */
export interface PodGroup {
  effect: PodEffect;
  namespace: string;
  /** The pod's direct controller as `Kind/name` (a Deployment's pods name their ReplicaSet); absent for pods without one. */
  controller?: string;
  /** Where the controller's next pod goes. */
  to: PodPlacement;
  count: number;
}

/** A PodDisruptionBudget whose pods the change stops: deleting a Fargate profile does not evict, so no budget holds it back. */
export interface IgnoredBudget {
  namespace: string;
  name: string;
  disruptionsAllowed: number;
  /** Its pods the change stops at once. */
  stopped: number;
}

/** The pods one operation affects (only operations that affect some). */
export interface OperationPodImpact {
  /** The operation's `id`. */
  operation: string;
  op: Operation['op'];
  /** The profile the operation deletes or creates (a replacement: the new one). */
  profile: string;
  groups: PodGroup[];
  budgets: IgnoredBudget[];
}

/** Whether the cluster's pods were read, and what was found. */
export type PodsRead =
  | {
      kind: 'read';
      via: string;
      pods: number;
      /** EC2 (or hybrid) nodes: where pods no profile takes can run. */
      nodes: number;
      /** Running pods per profile now, by the Fargate webhook's label (profiles without pods are left out). */
      runningByProfile: Record<string, number>;
    }
  | { kind: 'not-read'; reason: string };

export interface ClusterPodImpact {
  region: string;
  cluster: string;
  read: PodsRead;
  changes: OperationPodImpact[];
}

/**
 * Pod impact of a plan: a section of its own beside the operations, never part of the fingerprint
 * (pods come and go all the time; the change set is what was reviewed).
 */
export interface PodImpact {
  clusters: ClusterPodImpact[];
}

/**
 * The profiles of a cluster once its plan is applied, as they take pods: the live ones that stay
 * (ACTIVE or still CREATING), with every operation's resulting profile in place of what it changes.
 */
export function profilesAfterPlan(live: readonly LiveProfile[], operations: readonly Operation[]): MatchingProfile[] {
  const gone = new Set(operations.flatMap(o => profileGone(o)?.name ?? []));
  const byName = new Map<string, MatchingProfile>();
  for (const p of live)
    if (!gone.has(p.name) && (p.status === 'ACTIVE' || p.status === 'CREATING'))
      byName.set(p.name, { name: p.name, selectors: p.selectors });
  for (const o of operations) {
    const after = profileAfter(o);
    if (after) byName.set(after.name, { name: after.name, selectors: after.selectors });
  }
  return [...byName.values()];
}

/** The profile an operation creates (a replacement's new one), for pods that move to it. */
function profileCreated(o: Operation): string | undefined {
  return o.op === 'create' || o.op === 'replace' || o.op === 'adopt-by-replace' ? o.profile : undefined;
}

/**
 * Which running pods each change of a cluster's plan affects, grouped by namespace and controller, and
 * the findings that go with it: pods a change stops that nothing will run again (the cluster has no
 * nodes and no profile takes them) are errors; budgets the stop overrides are warnings.
 */
export function podImpactOf(
  plan: ClusterPlan,
  live: readonly LiveProfile[],
  workloads: ClusterWorkloads,
): { changes: OperationPodImpact[]; diagnostics: Diagnostic[] } {
  const after = profilesAfterPlan(live, plan.operations);
  const nodes = hasNodes(workloads.nodes);
  const stopping = new Map<string, Operation>();
  const creating = new Map<string, Operation>();
  for (const o of plan.operations) {
    const gone = profileGone(o);
    if (gone) stopping.set(gone.name, o);
    const created = profileCreated(o);
    if (created) creating.set(created, o);
  }

  const affected = new Map<Operation, { effect: PodEffect; pod: ClusterPod; to: PodPlacement }[]>();
  const note = (o: Operation, effect: PodEffect, pod: ClusterPod, to: PodPlacement) => {
    const list = affected.get(o) ?? [];
    list.push({ effect, pod, to });
    affected.set(o, list);
  };
  for (const pod of workloads.pods.filter(isLive)) {
    const now = currentPlacement(pod);
    const next = placementAfter(pod, after, nodes);
    const stopper = now.kind === 'profile' ? stopping.get(now.profile) : undefined;
    if (stopper) note(stopper, 'stopped', pod, next);
    else if (next.kind === 'profile' && !samePlacement(now, next) && creating.has(next.profile))
      note(creating.get(next.profile)!, 'moves-on-restart', pod, next);
  }

  const changes: OperationPodImpact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const o of plan.operations) {
    const pods = affected.get(o);
    if (!pods) continue;
    const stopped = pods.filter(p => p.effect === 'stopped').map(p => p.pod);
    const impact: OperationPodImpact = {
      operation: o.id,
      op: o.op,
      profile: profileCreated(o) ?? profileGone(o)!.name,
      groups: groupsOf(pods),
      budgets: ignoredBudgets(stopped, workloads.budgets),
    };
    changes.push(impact);
    diagnostics.push(...findingsOf(plan, o, impact));
  }
  return { changes, diagnostics };
}

function groupsOf(pods: readonly { effect: PodEffect; pod: ClusterPod; to: PodPlacement }[]): PodGroup[] {
  const groups = new Map<string, PodGroup>();
  for (const { effect, pod, to } of pods) {
    const controller = pod.controller ? `${pod.controller.kind}/${pod.controller.name}` : undefined;
    const key = JSON.stringify([effect, pod.namespace, controller ?? '', to]);
    const group = groups.get(key);
    if (group) group.count++;
    else
      groups.set(key, {
        effect,
        namespace: pod.namespace,
        ...(controller !== undefined ? { controller } : {}),
        to,
        count: 1,
      });
  }
  return [...groups.values()].sort(
    (a, b) =>
      byString(a.effect, b.effect) ||
      byString(a.namespace, b.namespace) ||
      byString(a.controller ?? '', b.controller ?? '') ||
      byString(JSON.stringify(a.to), JSON.stringify(b.to)),
  );
}

function ignoredBudgets(stopped: readonly ClusterPod[], budgets: readonly DisruptionBudget[]): IgnoredBudget[] {
  return budgets
    .flatMap(b => {
      if (!b.selector) return [];
      const count = stopped.filter(
        p => p.namespace === b.namespace && labelSelectorMatches(b.selector!, p.labels),
      ).length;
      return count > 0
        ? [{ namespace: b.namespace, name: b.name, disruptionsAllowed: b.disruptionsAllowed, stopped: count }]
        : [];
    })
    .sort((a, b) => byString(a.namespace, b.namespace) || byString(a.name, b.name));
}

const pods = (n: number) => `${n} running pod${n === 1 ? '' : 's'}`;

function findingsOf(plan: ClusterPlan, o: Operation, impact: OperationPodImpact): Diagnostic[] {
  const at = { cluster: plan.cluster, profile: impact.profile };
  const findings: Diagnostic[] = [];
  const stranded = impact.groups.filter(g => g.effect === 'stopped' && g.to.kind === 'pending');
  if (stranded.length > 0) {
    const count = stranded.reduce((n, g) => n + g.count, 0);
    const where = stranded.map(g => `${g.namespace}${g.controller ? `/${g.controller}` : ''}`).join(', ');
    findings.push({
      severity: 'error',
      code: 'pods.left-pending',
      ...at,
      message: `${o.op} of \`${profileGone(o)!.name}\` stops ${pods(count)} (${where}) that no profile takes afterwards, and the cluster has no nodes: they would stay Pending`,
      hint: 'keep a selector that matches them in a spec (or add nodes to the cluster) before removing this one',
    });
  }
  for (const b of impact.budgets.filter(budget => budget.stopped > budget.disruptionsAllowed)) {
    findings.push({
      severity: 'warning',
      code: 'pods.budget-ignored',
      ...at,
      message: `${o.op} of \`${profileGone(o)!.name}\` stops ${pods(b.stopped)} that PodDisruptionBudget \`${b.namespace}/${b.name}\` allows ${b.disruptionsAllowed} disruption${b.disruptionsAllowed === 1 ? '' : 's'} of: deleting a Fargate profile does not honour budgets`,
      hint: 'apply when a short outage of these pods is acceptable',
    });
  }
  return findings;
}
