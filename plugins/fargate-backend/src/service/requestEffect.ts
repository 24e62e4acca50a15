import type { Change, ClusterPlan, Diagnostic, Plan, PlanSummary } from '@fargatekeeper/core';

/** What a proposed spec does to its cluster, apart from what the cluster's specs do anyway. */
export interface RequestEffect {
  /** The proposal's own change(s), and changes of other profiles that differ because of it. */
  changes: Change[];
  /** Pending changes of the cluster that happen with or without the proposal. */
  otherChanges: Change[];
  /** Findings about the proposal: at its file, naming it, new with it, or blocking its cluster. */
  diagnostics: Diagnostic[];
}

export interface RequestEffectInput {
  /** The cluster's plan with the proposed spec, and without it (same reads). */
  withRequest: Plan;
  without: Plan;
  cluster: { name: string; region: string };
  /** The proposal's `metadata.name` and the file it would be written to. */
  spec: string;
  file: string;
}

const doesSomething = (change: Change) => change.kind !== 'noop' && change.kind !== 'unmanaged';

const clusterPlanOf = (plan: Plan, cluster: { name: string; region: string }): ClusterPlan | undefined =>
  plan.clusters.find(c => c.cluster === cluster.name && c.region === cluster.region);

/** Plans are built by the same code from the same reads, so equal changes serialise alike. */
const sameAs = (others: readonly Change[]) => {
  const byId = new Map(others.map(c => [c.id, JSON.stringify(c)]));
  return (change: Change) => byId.get(change.id) === JSON.stringify(change);
};

const diagnosticKey = (d: Diagnostic) =>
  JSON.stringify([d.severity, d.code, d.message, d.source?.file, d.source?.line, d.source?.column, d.path, d.cluster, d.profile]);

/**
 * Separates the proposal's effect from the cluster's other pending changes by comparing the plan with
 * and without it: a change is the request's when it is the proposed spec's or differs without it (a
 * replacement that must now delete first for the quota), and a finding when it is about the proposal
 * or appears only with it (an overlap warning at the other spec's line, the quota).
 */
export function requestEffect(input: RequestEffectInput): RequestEffect {
  const { cluster, spec, file } = input;
  const withChanges = clusterPlanOf(input.withRequest, cluster)?.changes ?? [];
  const unchanged = sameAs(clusterPlanOf(input.without, cluster)?.changes ?? []);
  const changes = withChanges.filter(c => c.spec === spec || (doesSomething(c) && !unchanged(c)));
  const otherChanges = withChanges.filter(c => doesSomething(c) && !changes.includes(c));

  const before = new Set(input.without.diagnostics.map(diagnosticKey));
  const inCluster = (d: Diagnostic) => d.cluster === undefined || d.cluster === cluster.name;
  const diagnostics = input.withRequest.diagnostics.filter(
    d =>
      d.source?.file === file ||
      (d.profile === spec && inCluster(d)) ||
      !before.has(diagnosticKey(d)) ||
      // A cluster that cannot be planned blocks the request too.
      (!d.source && inCluster(d) && d.severity === 'error'),
  );
  return { changes, otherChanges, diagnostics };
}

/** Counts of the changes by kind, as a plan's summary line shows them. */
export function summaryOf(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, replace: 0, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 };
  for (const change of changes) summary[change.kind]++;
  return summary;
}

/** The plan cut down to the request's effect: its changes and findings only (fingerprint of the whole). */
export function planOfRequest(plan: Plan, effect: RequestEffect, cluster: { name: string; region: string }): Plan {
  return {
    ...plan,
    clusters: plan.clusters
      .filter(c => c.cluster === cluster.name && c.region === cluster.region)
      .map(c => ({ ...c, changes: effect.changes })),
    diagnostics: effect.diagnostics,
    summary: summaryOf(effect.changes),
    hasChanges: effect.changes.some(doesSomething),
  };
}
