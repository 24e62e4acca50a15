import type { Change, Diagnostic, Plan } from '@fargatekeeper/core';
import { planOfRequest, requestEffect } from './requestEffect';
import { requestPlanMarkdown } from './requestMarkdown';

const cluster = { name: 'prod-eu', region: 'eu-west-1' };
const file = 'fargate/prod-eu/search.yaml';

const change = (kind: Change['kind'], spec: string | undefined, extra: Partial<Change> = {}): Change => ({
  id: `eu-west-1/prod-eu/${kind}/${spec ?? 'x'}-1`,
  kind,
  region: 'eu-west-1',
  cluster: 'prod-eu',
  ...(spec ? { spec } : {}),
  profileName: `${spec ?? 'x'}-1`,
  fields: [],
  reason: 'why',
  ...extra,
});

const planOf = (changes: Change[], diagnostics: Diagnostic[] = []): Plan => ({
  formatVersion: 1,
  fingerprint: 'f',
  clusters: [
    { cluster: 'prod-eu', region: 'eu-west-1', liveProfiles: 3, changes },
    { cluster: 'prod-eu', region: 'us-east-1', liveProfiles: 0, changes: [change('create', 'elsewhere', { region: 'us-east-1' })] },
  ],
  diagnostics,
  summary: { create: 0, replace: 0, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 },
  hasChanges: true,
});

describe('requestEffect', () => {
  const reports = change('create', 'reports');
  const orphan = change('delete', 'old');
  const unmanaged = change('unmanaged', undefined);
  const replacement = change('replace', 'payments', { strategy: 'create-before-delete' });
  const overlapAtOther: Diagnostic = { severity: 'warning', code: 'overlap.selectors', message: 'payments and search overlap', source: { file: 'fargate/payments.yaml', line: 9, column: 7 } };
  const old: Diagnostic = { severity: 'warning', code: 'overlap.selectors', message: 'payments and handmade overlap', source: { file: 'fargate/payments.yaml', line: 9, column: 7 } };
  const blocked: Diagnostic = { severity: 'error', code: 'live.cluster-not-found', message: 'no cluster', cluster: 'prod-eu' };
  const otherCluster: Diagnostic = { severity: 'error', code: 'live.cluster-not-found', message: 'no cluster', cluster: 'staging' };
  const without = planOf([reports, orphan, unmanaged, replacement], [old, blocked, otherCluster]);

  it('keeps the proposal’s change and the changes that differ because of it, and only its findings', () => {
    const own = change('create', 'search', { source: { file, line: 1, column: 1 } });
    const flipped = { ...replacement, strategy: 'delete-before-create' as const, strategyReason: 'quota' };
    const atFile: Diagnostic = { severity: 'error', code: 'live.subnet-public', message: 'public', source: { file, line: 8, column: 9 } };
    const named: Diagnostic = { severity: 'info', code: 'plan.role', message: 'creates a role', profile: 'search', cluster: 'prod-eu' };
    const withRequest = planOf([own, reports, orphan, unmanaged, flipped], [old, overlapAtOther, atFile, named, blocked, otherCluster]);

    const effect = requestEffect({ withRequest, without, cluster, spec: 'search', file });
    expect(effect.changes).toEqual([own, flipped]);
    expect(effect.otherChanges).toEqual([reports, orphan]);
    expect(effect.diagnostics).toEqual([overlapAtOther, atFile, named, blocked]);

    const plan = planOfRequest(withRequest, effect, cluster);
    expect(plan.clusters.map(c => [c.region, c.changes.length])).toEqual([['eu-west-1', 2]]);
    expect(plan.summary).toEqual({ create: 1, replace: 1, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 });
    expect(plan.hasChanges).toBe(true);
  });

  it('counts a spec that takes an orphaned profile back as the request’s (a noop), not the delete it prevents', () => {
    const kept = change('noop', 'old', { id: 'eu-west-1/prod-eu/noop/old-1' });
    const withRequest = planOf([reports, kept, unmanaged, replacement], [old, blocked]);
    const effect = requestEffect({ withRequest, without, cluster, spec: 'old', file: 'fargate/prod-eu/old.yaml' });
    expect(effect.changes).toEqual([kept]);
    expect(effect.otherChanges).toEqual([reports, replacement]);
    expect(planOfRequest(withRequest, effect, cluster).hasChanges).toBe(false);
  });
});

describe('requestPlanMarkdown', () => {
  it('renders the request’s changes, then the other pending changes folded, escaped, before the footer', () => {
    const own = change('create', 'search', { source: { file, line: 1, column: 1 }, reason: 'new spec' });
    const other = change('create', 'reports', { source: { file: 'fargate/prod-eu/reports.yaml', line: 3, column: 1 }, reason: 'new spec' });
    const hostile = change('delete', 'old', { profileName: 'old-<b>x</b>', reason: 'spec `old` removed from Git' });
    const plan = planOf([own, other, hostile]);
    const markdown = requestPlanMarkdown(plan, { changes: [own], otherChanges: [other, hostile], diagnostics: [] }, {
      cluster: { name: 'prod-<eu>', region: 'eu-west-1' },
      branch: 'main',
      sourceUrl: (f, line) => `https://github.com/acme/specs/blob/main/${f}#L${line}`,
    });
    const [ownPart, rest] = markdown.split('<details><summary>2 other pending changes in <code>prod-&lt;eu&gt;</code>, not part of this request</summary>');
    expect(ownPart).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
    expect(ownPart).not.toContain('reports');
    expect(rest).toContain('- create `reports-1`: new spec [`fargate/prod-eu/reports.yaml:3`](https://github.com/acme/specs/blob/main/fargate/prod-eu/reports.yaml#L3)');
    expect(rest).toContain('- delete `old-<b>x</b>`: spec `old` removed from Git');
    expect(rest).toMatch(/<\/details>\n\n<sub>Applied when this pull request is merged\.<\/sub>\n$/);
  });

  it('is core’s plan of the request alone when nothing else is pending', () => {
    const own = change('create', 'search');
    const markdown = requestPlanMarkdown(planOf([own]), { changes: [own], otherChanges: [], diagnostics: [] }, {
      cluster,
      branch: 'main',
      sourceUrl: () => undefined,
    });
    expect(markdown).not.toContain('<details>');
    expect(markdown).toContain('**Plan: 1 to create, 0 to replace, 0 to delete**');
  });
});
