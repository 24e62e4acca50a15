import {
  changesSomething,
  doesSomething,
  specOf,
  summarize,
  type ClusterPlan,
  type Diagnostic,
  type Operation,
  type Plan,
} from '@fargatekeeper/core';

/** What a proposed spec does to its cluster, apart from what the cluster's specs do anyway. */
export interface RequestEffect {
  /** The proposal's own operation(s), and operations on other profiles that differ because of it. */
  operations: Operation[];
  /** Pending operations of the cluster that happen with or without the proposal. */
  otherOperations: Operation[];
  /** Findings about the proposal: at its file, naming it, new with it, or blocking its cluster. */
  diagnostics: Diagnostic[];
}

export interface RequestEffectInput {
  /** The cluster's plan with the proposed spec, and without it (same reads). */
  withRequest: Plan;
  without: Plan;
  cluster: { name: string; region: string };
  /** The proposal's `metadata.name`, its file and the lines of its document there. */
  spec: string;
  file: string;
  lines?: { from: number; to: number };
}

const clusterPlanOf = (plan: Plan, cluster: { name: string; region: string }): ClusterPlan | undefined =>
  plan.clusters.find(c => c.cluster === cluster.name && c.region === cluster.region);

/** Plans are built by the same code from the same reads, so equal operations serialise alike. */
const sameAs = (others: readonly Operation[]) => {
  const byId = new Map(others.map(o => [o.id, JSON.stringify(o)]));
  return (o: Operation) => byId.get(o.id) === JSON.stringify(o);
};

const diagnosticKey = (d: Diagnostic) =>
  JSON.stringify([
    d.severity,
    d.code,
    d.message,
    d.source?.file,
    d.source?.line,
    d.source?.column,
    d.path,
    d.cluster,
    d.profile,
  ]);

/**
 * Separates the proposal's effect from the cluster's other pending operations by comparing the plan with
 * and without it: an operation is the request's when it is the proposed spec's or differs without it (a
 * replacement that must now delete first for the quota), and a finding when it is about the proposal
 * or appears only with it (an overlap warning at the other spec's line, the quota).
 */
export function requestEffect(input: RequestEffectInput): RequestEffect {
  const { cluster, spec, file } = input;
  const lines = input.lines ?? { from: 1, to: Infinity };
  const atProposal = (d: Diagnostic) =>
    d.source?.file === file && d.source.line >= lines.from && d.source.line <= lines.to;
  const withOperations = clusterPlanOf(input.withRequest, cluster)?.operations ?? [];
  const unchanged = sameAs(clusterPlanOf(input.without, cluster)?.operations ?? []);
  const operations = withOperations.filter(o => specOf(o) === spec || (doesSomething(o) && !unchanged(o)));
  const otherOperations = withOperations.filter(o => doesSomething(o) && !operations.includes(o));

  const before = new Set(input.without.diagnostics.map(diagnosticKey));
  const inCluster = (d: Diagnostic) => d.cluster === undefined || d.cluster === cluster.name;
  const diagnostics = input.withRequest.diagnostics.filter(
    d =>
      atProposal(d) ||
      (d.profile === spec && inCluster(d)) ||
      !before.has(diagnosticKey(d)) ||
      // A cluster that cannot be planned blocks the request too.
      (!d.source && inCluster(d) && d.severity === 'error'),
  );
  return { operations, otherOperations, diagnostics };
}

/**
 * The plan cut down to the request's effect: its operations, findings, and the pods they affect (with
 * pod access: those a delete stops, a replacement restarts); the fingerprint stays the whole plan's.
 */
export function planOfRequest(plan: Plan, effect: RequestEffect, cluster: { name: string; region: string }): Plan {
  const inCluster = (c: { cluster: string; region: string }) =>
    c.cluster === cluster.name && c.region === cluster.region;
  const clusters = plan.clusters.filter(inCluster).map(c => ({ ...c, operations: effect.operations }));
  const own = new Set(effect.operations.map(o => o.id));
  const { podImpact, ...rest } = plan;
  const pods = podImpact && {
    clusters: podImpact.clusters
      .filter(inCluster)
      .map(c => ({ ...c, changes: c.changes.filter(change => own.has(change.operation)) })),
  };
  return {
    ...rest,
    clusters,
    diagnostics: effect.diagnostics,
    summary: summarize(clusters),
    hasChanges: effect.operations.some(changesSomething),
    ...(pods ? { podImpact: pods } : {}),
  };
}
