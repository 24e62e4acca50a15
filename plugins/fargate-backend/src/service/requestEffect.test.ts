import type { Diagnostic, LiveState, Operation, Plan, ProfileState } from '@fargatekeeper/core';
import { summarize } from '@fargatekeeper/core';
import { planOfRequest, requestEffect } from './requestEffect';
import { requestPlanMarkdown } from './requestMarkdown';

const cluster = { name: 'prod-eu', region: 'eu-west-1' };
const file = 'fargate/prod-eu/search.yaml';
const where = { region: 'eu-west-1', cluster: 'prod-eu' };

const state = (name: string): ProfileState => ({
  name,
  podExecutionRoleArn: 'arn:aws:iam::123456789012:role/pods',
  subnets: ['subnet-a'],
  selectors: [{ namespace: name, labels: {} }],
  tags: {},
});
const live = (name: string): LiveState => ({ ...state(name), status: 'ACTIVE', health: [] });
const at = (specFile: string, line = 1) => ({ file: specFile, line, column: 1 });

const create = (spec: string, source = at(`fargate/prod-eu/${spec}.yaml`)): Operation => ({
  op: 'create',
  id: `eu-west-1/prod-eu/create/${spec}-1`,
  ...where,
  spec,
  source,
  profile: `${spec}-1`,
  after: state(`${spec}-1`),
  fields: [],
  reason: { code: 'new-spec' },
});
const deleteProfile = (spec: string, profile = `${spec}-1`): Operation => ({
  op: 'delete-profile',
  id: `eu-west-1/prod-eu/delete-profile/${profile}`,
  ...where,
  spec,
  profile,
  before: live(profile),
  ownership: 'managed',
  reason: { code: 'spec-removed', lastDeleteFailed: false },
});
const noOp = (spec: string): Operation => ({
  op: 'no-op',
  id: `eu-west-1/prod-eu/no-op/${spec}-1`,
  ...where,
  spec,
  source: at(`fargate/prod-eu/${spec}.yaml`),
  profile: `${spec}-1`,
  before: live(`${spec}-1`),
  after: state(`${spec}-1`),
  reason: { code: 'up-to-date' },
});
const unmanaged: Operation = {
  op: 'unmanaged',
  id: 'eu-west-1/prod-eu/unmanaged/handmade',
  ...where,
  profile: 'handmade',
  before: live('handmade'),
  reason: { code: 'not-managed' },
};
const replace = (order: Extract<Operation, { op: 'replace' }>['order']): Operation => ({
  op: 'replace',
  id: 'eu-west-1/prod-eu/replace/payments-2',
  ...where,
  spec: 'payments',
  source: at('fargate/prod-eu/payments.yaml'),
  profile: 'payments-2',
  replaces: 'payments-1',
  before: live('payments-1'),
  after: { ...state('payments-2'), subnets: ['subnet-b'] },
  fields: [{ path: 'subnets', before: ['subnet-a'], after: ['subnet-b'], forcesReplacement: true }],
  order,
  reason: { code: 'fields-changed', fields: ['subnets'] },
});

const planOf = (operations: Operation[], diagnostics: Diagnostic[] = [], name = 'prod-eu'): Plan => {
  const clusters = [
    { cluster: name, region: 'eu-west-1', liveProfiles: 3, operations },
    {
      cluster: name,
      region: 'us-east-1',
      liveProfiles: 0,
      operations: [{ ...create('elsewhere'), region: 'us-east-1' }],
    },
  ];
  return { formatVersion: 2, fingerprint: 'f', clusters, diagnostics, summary: summarize(clusters), hasChanges: true };
};

describe('requestEffect', () => {
  const reports = create('reports');
  const orphan = deleteProfile('old');
  const replacement = replace({ kind: 'create-before-delete' });
  const overlapAtOther: Diagnostic = {
    severity: 'warning',
    code: 'overlap.selectors',
    message: 'payments and search overlap',
    source: { file: 'fargate/payments.yaml', line: 9, column: 7 },
  };
  const old: Diagnostic = {
    severity: 'warning',
    code: 'overlap.selectors',
    message: 'payments and handmade overlap',
    source: { file: 'fargate/payments.yaml', line: 9, column: 7 },
  };
  const blocked: Diagnostic = {
    severity: 'error',
    code: 'live.cluster-not-found',
    message: 'no cluster',
    cluster: 'prod-eu',
  };
  const otherCluster: Diagnostic = {
    severity: 'error',
    code: 'live.cluster-not-found',
    message: 'no cluster',
    cluster: 'staging',
  };
  const without = planOf([reports, orphan, unmanaged, replacement], [old, blocked, otherCluster]);

  it('keeps the proposal’s operation and the operations that differ because of it, and only its findings', () => {
    const own = create('search', at(file));
    const flipped = replace({ kind: 'delete-before-create', why: { code: 'quota', quota: 4, inUse: 4 } });
    const atFile: Diagnostic = {
      severity: 'error',
      code: 'live.subnet-public',
      message: 'public',
      source: { file, line: 8, column: 9 },
    };
    const named: Diagnostic = {
      severity: 'info',
      code: 'plan.role',
      message: 'creates a role',
      profile: 'search',
      cluster: 'prod-eu',
    };
    const withRequest = planOf(
      [own, reports, orphan, unmanaged, flipped],
      [old, overlapAtOther, atFile, named, blocked, otherCluster],
    );

    const effect = requestEffect({ withRequest, without, cluster, spec: 'search', file });
    expect(effect.operations).toEqual([own, flipped]);
    expect(effect.otherOperations).toEqual([reports, orphan]);
    expect(effect.diagnostics).toEqual([overlapAtOther, atFile, named, blocked]);

    const plan = planOfRequest(withRequest, effect, cluster);
    expect(plan.clusters.map(c => [c.region, c.operations.length])).toEqual([['eu-west-1', 2]]);
    expect(plan.summary).toMatchObject({
      create: 1,
      replace: 1,
      'delete-profile': 0,
      'no-op': 0,
      unmanaged: 0,
      roleDeletes: 0,
    });
    expect(plan.hasChanges).toBe(true);
  });

  it('counts a spec that takes an orphaned profile back as the request’s (a no-op), not the delete it prevents', () => {
    const kept = noOp('old');
    const withRequest = planOf([reports, kept, unmanaged, replacement], [old, blocked]);
    const effect = requestEffect({ withRequest, without, cluster, spec: 'old', file: 'fargate/prod-eu/old.yaml' });
    expect(effect.operations).toEqual([kept]);
    expect(effect.otherOperations).toEqual([reports, replacement]);
    expect(planOfRequest(withRequest, effect, cluster).hasChanges).toBe(false);
  });

  it('keeps the pods that the request’s own operations affect, not those of the cluster’s other changes', () => {
    const removal = deleteProfile('payments');
    const withRequest = planOf([reports, removal]);
    const read = { kind: 'read' as const, via: 'kubeconfig', pods: 3, nodes: 0, runningByProfile: { 'payments-1': 2 } };
    const change = (o: Operation, profile: string) => ({ operation: o.id, op: o.op, profile, groups: [], budgets: [] });
    withRequest.podImpact = {
      clusters: [
        { ...where, read, changes: [change(removal, 'payments-1'), change(reports, 'reports-1')] },
        { region: 'us-east-1', cluster: 'prod-eu', read, changes: [] },
      ],
    };
    const effect = requestEffect({
      withRequest,
      without: planOf([reports]),
      cluster,
      spec: 'payments',
      file: 'fargate/prod-eu/payments.yaml',
    });
    expect(planOfRequest(withRequest, effect, cluster).podImpact).toEqual({
      clusters: [{ ...where, read, changes: [change(removal, 'payments-1')] }],
    });
  });
});

describe('requestPlanMarkdown', () => {
  it('renders the request’s operations, then the other pending ones folded, escaped, before the footer', () => {
    const own = create('search', at(file));
    const other = create('reports', at('fargate/prod-eu/reports.yaml', 3));
    const hostile = deleteProfile('old', 'old-<b>x</b>');
    const replacement = replace({ kind: 'create-before-delete' });
    const plan = planOf([own, other, hostile, replacement], [], 'prod-<eu>');
    const markdown = requestPlanMarkdown(
      plan,
      { operations: [own], otherOperations: [other, hostile, replacement], diagnostics: [] },
      {
        cluster: { name: 'prod-<eu>', region: 'eu-west-1' },
        branch: 'main',
        sourceUrl: (f, line) => `https://github.com/acme/specs/blob/main/${f}#L${line}`,
      },
    );
    const [ownPart, rest] = markdown.split(
      '<details><summary>3 other pending changes in <code>prod-&lt;eu&gt;</code>, not part of this request</summary>',
    );
    expect(ownPart).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
    expect(ownPart).not.toContain('reports');
    expect(rest).toContain(
      '- create `reports-1`: new spec [`fargate/prod-eu/reports.yaml:3`](https://github.com/acme/specs/blob/main/fargate/prod-eu/reports.yaml#L3)',
    );
    expect(rest).toContain('- delete `old-<b>x</b>`: spec `old` removed from Git');
    expect(rest).toContain(
      '- replace (create new, then delete old) `payments-1 → payments-2`: `subnets` changed [`fargate/prod-eu/payments.yaml:1`]',
    );
    expect(rest).toMatch(/<\/details>\n\n<sub>Applied when this pull request is merged\.<\/sub>\n$/);
  });

  it('is core’s plan of the request alone when nothing else is pending', () => {
    const own = create('search');
    const markdown = requestPlanMarkdown(
      planOf([own]),
      { operations: [own], otherOperations: [], diagnostics: [] },
      {
        cluster,
        branch: 'main',
        sourceUrl: () => undefined,
      },
    );
    // No folded block of other pending changes (the new profile's own details block is core's).
    expect(markdown).not.toContain('not part of this request');
    expect(markdown).toContain('<details><summary>search-1: new profile</summary>');
    expect(markdown).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
  });
});
