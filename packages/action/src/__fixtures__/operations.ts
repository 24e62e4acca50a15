import {
  changesSomething,
  summarize,
  type ClusterPlan,
  type LiveState,
  type Operation,
  type OperationKind,
  type Plan,
  type ProfileState,
} from '@fargatekeeper/core';

// One typed operation of every kind, in one cluster, and a plan made of any of them.

const where = { region: 'eu-west-1', cluster: 'prod-eu' } as const;
const source = { file: 'fargate/payments.yaml', line: 2, column: 1 };
const role = 'arn:aws:iam::123456789012:role/pods';

const state = (name: string, namespace = 'payments'): ProfileState => ({
  name,
  podExecutionRoleArn: role,
  subnets: ['subnet-0a11'],
  selectors: [{ namespace, labels: {} }],
  tags: { team: 'payments' },
});
const live = (name: string, namespace?: string, status: LiveState['status'] = 'ACTIVE'): LiveState => ({
  ...state(name, namespace),
  status,
  health: [],
});
const defaultRole = (spec: string) => ({
  name: `fk-prod-eu-${spec}-1a2b3c`,
  arn: `arn:aws:iam::123456789012:role/fargatekeeper/fk-prod-eu-${spec}-1a2b3c`,
  spec,
});
const id = (op: OperationKind, name: string) => `eu-west-1/prod-eu/${op}/${name}`;

type ByKind = { [K in OperationKind]: Extract<Operation, { op: K }> };

export const operations: ByKind = {
  create: {
    op: 'create',
    id: id('create', 'search-7c1d'),
    ...where,
    spec: 'search',
    source,
    profile: 'search-7c1d',
    after: state('search-7c1d', 'search'),
    fields: [],
    createsRole: defaultRole('search'),
    reason: { code: 'new-spec' },
  },
  replace: {
    op: 'replace',
    id: id('replace', 'payments-jobs-2b'),
    ...where,
    spec: 'payments-jobs',
    source,
    profile: 'payments-jobs-2b',
    replaces: 'payments-jobs-1a',
    before: live('payments-jobs-1a'),
    after: state('payments-jobs-2b', 'jobs'),
    fields: [{ path: 'selectors[0].namespace', before: 'payments', after: 'jobs', forcesReplacement: true }],
    order: { kind: 'create-before-delete' },
    reason: { code: 'fields-changed', fields: ['selectors[0].namespace'] },
  },
  'adopt-in-place': {
    op: 'adopt-in-place',
    id: id('adopt-in-place', 'search-preview'),
    ...where,
    spec: 'search-preview',
    source,
    profile: 'search-preview',
    before: live('search-preview'),
    after: state('search-preview'),
    fields: [],
    tags: { set: { 'fargatekeeper.dev/spec': 'search-preview' }, remove: [] },
    reason: { code: 'immutable-fields-equal' },
  },
  'adopt-by-replace': {
    op: 'adopt-by-replace',
    id: id('adopt-by-replace', 'legacy-9f8e'),
    ...where,
    spec: 'legacy',
    source,
    profile: 'legacy-9f8e',
    replaces: 'legacy',
    before: live('legacy'),
    after: state('legacy-9f8e', 'legacy'),
    fields: [{ path: 'selectors[0].namespace', before: 'payments', after: 'legacy', forcesReplacement: true }],
    order: { kind: 'delete-before-create', why: { code: 'quota', quota: 10, inUse: 10 } },
    reason: { code: 'fields-changed', fields: ['selectors[0].namespace'] },
  },
  retag: {
    op: 'retag',
    id: id('retag', 'checkout-3d4e'),
    ...where,
    spec: 'checkout',
    source,
    profile: 'checkout-3d4e',
    before: live('checkout-3d4e'),
    after: { ...state('checkout-3d4e'), tags: { team: 'shop' } },
    fields: [{ path: 'tags.team', before: 'payments', after: 'shop', forcesReplacement: false }],
    tags: { set: { team: 'shop' }, remove: [] },
    reason: { code: 'fields-changed', fields: ['tags.team'] },
  },
  'delete-profile': {
    op: 'delete-profile',
    id: id('delete-profile', 'reports-5a6b'),
    ...where,
    spec: 'reports',
    profile: 'reports-5a6b',
    before: live('reports-5a6b'),
    deletesRole: defaultRole('reports'),
    ownership: 'managed',
    reason: { code: 'spec-removed', lastDeleteFailed: false },
  },
  'delete-role': {
    op: 'delete-role',
    id: id('delete-role', defaultRole('old-batch').name),
    ...where,
    spec: 'old-batch',
    role: defaultRole('old-batch'),
    reason: { code: 'role-leftover' },
  },
  wait: {
    op: 'wait',
    id: id('wait', 'ingest-8c9d'),
    ...where,
    spec: 'ingest',
    profile: 'ingest-8c9d',
    before: live('ingest-8c9d', 'ingest', 'CREATING'),
    until: 'active',
    after: state('ingest-8c9d', 'ingest'),
    source,
    reason: { code: 'creating' },
  },
  'no-op': {
    op: 'no-op',
    id: id('no-op', 'web-0e1f'),
    ...where,
    spec: 'web',
    source,
    profile: 'web-0e1f',
    before: live('web-0e1f'),
    after: state('web-0e1f'),
    reason: { code: 'up-to-date' },
  },
  unmanaged: {
    op: 'unmanaged',
    id: id('unmanaged', 'handmade'),
    ...where,
    profile: 'handmade',
    before: live('handmade', 'legacy'),
    reason: { code: 'not-managed' },
  },
};

/** A plan of one cluster with these operations; summary and hasChanges as core computes them. */
export function planWith(...ops: Operation[]): Plan {
  const clusters: ClusterPlan[] = [
    { ...where, status: 'ACTIVE', quota: 10, liveProfiles: ops.length, operations: ops },
  ];
  return {
    formatVersion: 2,
    fingerprint: '3f2a9c1b7d4e6f80',
    clusters,
    diagnostics: [],
    summary: summarize(clusters),
    hasChanges: ops.some(changesSomething),
  };
}
