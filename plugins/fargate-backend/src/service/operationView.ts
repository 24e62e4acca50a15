import {
  changesSomething,
  reasonText,
  type FieldChange,
  type Operation,
  type Plan,
  type SourcePosition,
} from '@fargatekeeper/core';
import type {
  FieldChangeView,
  OperationView,
  PlanSummaryView,
  PlanView,
} from '@fargatekeeper/backstage-plugin-fargate-common';

// Copied field by field: the view carries what the contract says, not whatever core's types grow.
const fieldViews = (fields: readonly FieldChange[]): FieldChangeView[] =>
  fields.map(({ path, before, after, forcesReplacement }) => ({ path, before, after, forcesReplacement }));

const sourceView = (source: SourcePosition) => ({ source: { file: source.file, line: source.line } });

/** Optional fields are left out rather than sent as undefined (the JSON is the same, the tests' objects too). */
const named = <K extends 'createsRole' | 'deletesRole'>(key: K, role: { name: string } | undefined) =>
  (role ? { [key]: role.name } : {}) as Partial<Record<K, string>>;

/** The portal's view of one operation: what it does, to what, and why in words. */
export function operationView(o: Operation): OperationView {
  const base = { kind: o.op, cluster: o.cluster, region: o.region, reason: reasonText(o) };
  switch (o.op) {
    case 'create':
      return {
        ...base,
        spec: o.spec,
        profile: o.profile,
        fields: fieldViews(o.fields),
        ...named('createsRole', o.createsRole),
        ...sourceView(o.source),
      };
    case 'replace':
    case 'adopt-by-replace':
      return {
        ...base,
        spec: o.spec,
        profile: o.profile,
        replaces: o.replaces,
        order: o.order.kind,
        fields: fieldViews(o.fields),
        ...named('createsRole', o.createsRole),
        ...named('deletesRole', o.deletesRole),
        ...sourceView(o.source),
      };
    case 'adopt-in-place':
    case 'retag':
      return { ...base, spec: o.spec, profile: o.profile, fields: fieldViews(o.fields), ...sourceView(o.source) };
    case 'delete-profile':
      return { ...base, spec: o.spec, profile: o.profile, fields: [], ...named('deletesRole', o.deletesRole) };
    case 'delete-role':
      return { ...base, spec: o.spec, fields: [], deletesRole: o.role.name };
    case 'wait':
      return {
        ...base,
        spec: o.spec,
        profile: o.profile,
        until: o.until,
        fields: [],
        ...(o.until === 'active' ? sourceView(o.source) : named('deletesRole', o.deletesRole)),
      };
    case 'no-op':
      return { ...base, spec: o.spec, profile: o.profile, fields: [], ...sourceView(o.source) };
    case 'unmanaged':
      return { ...base, profile: o.profile, fields: [] };
  }
}

const noOperations = (): PlanSummaryView => ({
  create: 0,
  replace: 0,
  'adopt-in-place': 0,
  'adopt-by-replace': 0,
  retag: 0,
  'delete-profile': 0,
  'delete-role': 0,
  wait: 0,
  'no-op': 0,
  unmanaged: 0,
  roleDeletes: 0,
});

/** Counts per kind, and the default roles deleted (with their profile or alone), as core's summary counts them. */
export function summaryView(operations: readonly OperationView[]): PlanSummaryView {
  const summary = noOperations();
  for (const o of operations) {
    summary[o.kind]++;
    if (o.deletesRole) summary.roleDeletes++;
  }
  return summary;
}

/** The plan of one cluster as the portal shows it. */
export function planView(plan: Plan, cluster: { name: string; region: string }): PlanView {
  const clusterPlan = plan.clusters.find(c => c.cluster === cluster.name && c.region === cluster.region);
  const operations = (clusterPlan?.operations ?? []).map(operationView);
  return {
    fingerprint: plan.fingerprint,
    hasChanges: (clusterPlan?.operations ?? []).some(changesSomething),
    summary: summaryView(operations),
    operations,
    ...(clusterPlan?.blockedReason ? { blockedReason: clusterPlan.blockedReason } : {}),
    diagnostics: plan.diagnostics,
  };
}
