import {
  OPERATION_KINDS,
  summarize,
  type LiveState,
  type Operation,
  type OperationKind,
  type Plan,
  type ProfileState,
} from '@fargatekeeper/core';
import { operationView, planView } from './operationView';

const where = { region: 'eu-west-1', cluster: 'prod-eu' };
const source = { file: 'fargate/prod-eu/payments.yaml', line: 4, column: 3 };
const state = (name: string): ProfileState => ({
  name,
  podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
  subnets: ['subnet-a'],
  selectors: [{ namespace: 'payments', labels: {} }],
  tags: {},
});
const live = (name: string, status: LiveState['status'] = 'ACTIVE'): LiveState => ({
  ...state(name),
  status,
  health: [],
});
const role = (spec: string) => ({
  name: `fk-prod-eu-${spec}-1a2b`,
  arn: `arn:aws:iam::123456789012:role/fargatekeeper/fk-prod-eu-${spec}-1a2b`,
  spec,
});
const subnets = { path: 'subnets', before: ['subnet-a'], after: ['subnet-b'], forcesReplacement: true };
const team = { path: 'tags.team', before: 'a', after: 'b', forcesReplacement: false };
const id = (op: OperationKind) => `eu-west-1/prod-eu/${op}/x`;

/** One operation of every kind, with everything its view may carry. */
const operations: { [K in OperationKind]: Extract<Operation, { op: K }> } = {
  create: {
    op: 'create',
    id: id('create'),
    ...where,
    spec: 'search',
    source,
    profile: 'search-1',
    after: state('search-1'),
    fields: [subnets],
    createsRole: role('search'),
    reason: { code: 'new-spec' },
  },
  replace: {
    op: 'replace',
    id: id('replace'),
    ...where,
    spec: 'payments',
    source,
    profile: 'payments-2',
    replaces: 'payments-1',
    before: live('payments-1'),
    after: state('payments-2'),
    fields: [subnets],
    order: { kind: 'delete-before-create', why: { code: 'quota', quota: 10, inUse: 10 } },
    deletesRole: role('payments'),
    reason: { code: 'fields-changed', fields: ['subnets'] },
  },
  'adopt-in-place': {
    op: 'adopt-in-place',
    id: id('adopt-in-place'),
    ...where,
    spec: 'legacy',
    source,
    profile: 'handmade',
    before: live('handmade'),
    after: state('handmade'),
    fields: [team],
    tags: { set: { team: 'b' }, remove: [] },
    reason: { code: 'immutable-fields-equal' },
  },
  'adopt-by-replace': {
    op: 'adopt-by-replace',
    id: id('adopt-by-replace'),
    ...where,
    spec: 'legacy',
    source,
    profile: 'legacy-1',
    replaces: 'handmade',
    before: live('handmade'),
    after: state('legacy-1'),
    fields: [subnets],
    order: { kind: 'create-before-delete' },
    reason: { code: 'fields-changed', fields: ['subnets'] },
  },
  retag: {
    op: 'retag',
    id: id('retag'),
    ...where,
    spec: 'checkout',
    source,
    profile: 'checkout-1',
    before: live('checkout-1'),
    after: state('checkout-1'),
    fields: [team],
    tags: { set: { team: 'b' }, remove: [] },
    reason: { code: 'fields-changed', fields: ['tags.team'] },
  },
  'delete-profile': {
    op: 'delete-profile',
    id: id('delete-profile'),
    ...where,
    spec: 'old',
    profile: 'old-1',
    before: live('old-1'),
    deletesRole: role('old'),
    ownership: 'managed',
    reason: { code: 'spec-removed', lastDeleteFailed: false },
  },
  'delete-role': {
    op: 'delete-role',
    id: id('delete-role'),
    ...where,
    spec: 'gone',
    role: role('gone'),
    reason: { code: 'role-leftover' },
  },
  wait: {
    op: 'wait',
    id: id('wait'),
    ...where,
    spec: 'old',
    profile: 'old-2',
    before: live('old-2', 'DELETING'),
    until: 'deleted',
    deletesRole: role('old'),
    reason: { code: 'spec-removed', lastDeleteFailed: false },
  },
  'no-op': {
    op: 'no-op',
    id: id('no-op'),
    ...where,
    spec: 'web',
    source,
    profile: 'web-1',
    before: live('web-1'),
    after: state('web-1'),
    reason: { code: 'up-to-date' },
  },
  unmanaged: {
    op: 'unmanaged',
    id: id('unmanaged'),
    ...where,
    profile: 'handmade',
    before: live('handmade'),
    reason: { code: 'not-managed' },
  },
};

describe('operationView', () => {
  const at = { cluster: 'prod-eu', region: 'eu-west-1' };
  const line = { source: { file: 'fargate/prod-eu/payments.yaml', line: 4 } };

  it('says what each kind of operation does, to what, and why in words', () => {
    expect(Object.fromEntries(OPERATION_KINDS.map(kind => [kind, operationView(operations[kind])]))).toEqual({
      create: {
        kind: 'create',
        ...at,
        spec: 'search',
        profile: 'search-1',
        fields: [subnets],
        createsRole: 'fk-prod-eu-search-1a2b',
        reason: 'new spec',
        ...line,
      },
      replace: {
        kind: 'replace',
        ...at,
        spec: 'payments',
        profile: 'payments-2',
        replaces: 'payments-1',
        order: 'delete-before-create',
        fields: [subnets],
        deletesRole: 'fk-prod-eu-payments-1a2b',
        reason: '`subnets` changed',
        ...line,
      },
      'adopt-in-place': {
        kind: 'adopt-in-place',
        ...at,
        spec: 'legacy',
        profile: 'handmade',
        fields: [team],
        reason: 'adopts unmanaged `handmade` by tagging it (its immutable fields equal the spec)',
        ...line,
      },
      'adopt-by-replace': {
        kind: 'adopt-by-replace',
        ...at,
        spec: 'legacy',
        profile: 'legacy-1',
        replaces: 'handmade',
        order: 'create-before-delete',
        fields: [subnets],
        reason: 'adopts unmanaged `handmade` by replacing it: `subnets` changed',
        ...line,
      },
      retag: {
        kind: 'retag',
        ...at,
        spec: 'checkout',
        profile: 'checkout-1',
        fields: [team],
        reason: '`tags.team` changed',
        ...line,
      },
      'delete-profile': {
        kind: 'delete-profile',
        ...at,
        spec: 'old',
        profile: 'old-1',
        fields: [],
        deletesRole: 'fk-prod-eu-old-1a2b',
        reason: 'spec `old` removed from Git',
      },
      'delete-role': {
        kind: 'delete-role',
        ...at,
        spec: 'gone',
        fields: [],
        deletesRole: 'fk-prod-eu-gone-1a2b',
        reason: 'default role of spec `gone` left behind: no profile uses it and no spec wants it',
      },
      wait: {
        kind: 'wait',
        ...at,
        spec: 'old',
        profile: 'old-2',
        until: 'deleted',
        fields: [],
        deletesRole: 'fk-prod-eu-old-1a2b',
        reason: 'spec `old` removed from Git; already being deleted',
      },
      'no-op': { kind: 'no-op', ...at, spec: 'web', profile: 'web-1', fields: [], reason: 'up to date', ...line },
      unmanaged: {
        kind: 'unmanaged',
        ...at,
        profile: 'handmade',
        fields: [],
        reason: 'not managed by fargatekeeper; left as it is',
      },
    });
  });

  it("carries the contract's fields only, none of core's (before, after, tags, ids)", () => {
    expect(Object.keys(operationView(operations.replace)).sort()).toEqual(
      [
        'cluster',
        'deletesRole',
        'fields',
        'kind',
        'order',
        'profile',
        'reason',
        'region',
        'replaces',
        'source',
        'spec',
      ].sort(),
    );
  });
});

describe('planView', () => {
  const plan = (ops: Operation[]): Plan => {
    const clusters = [
      { ...where, liveProfiles: 4, operations: ops },
      { region: 'us-east-1', cluster: 'prod-eu', liveProfiles: 0, operations: [operations.create] },
    ];
    return {
      formatVersion: 2,
      fingerprint: 'f00d',
      clusters,
      diagnostics: [],
      summary: summarize(clusters),
      hasChanges: true,
    };
  };

  it('is the plan of the one cluster: its operations, counted as core counts them', () => {
    const ops = Object.values(operations);
    const view = planView(plan(ops), { name: 'prod-eu', region: 'eu-west-1' });
    expect(view.operations.map(o => o.kind)).toEqual(ops.map(o => o.op));
    expect(view.summary).toEqual(summarize([{ ...where, liveProfiles: 4, operations: ops }]));
    expect(view).toMatchObject({ fingerprint: 'f00d', hasChanges: true, diagnostics: [] });
  });

  it('has no changes when every operation only reports', () => {
    const view = planView(plan([operations['no-op'], operations.unmanaged]), { name: 'prod-eu', region: 'eu-west-1' });
    expect(view.hasChanges).toBe(false);
    expect(view.summary).toMatchObject({ 'no-op': 1, unmanaged: 1, create: 0, roleDeletes: 0 });
  });
});
