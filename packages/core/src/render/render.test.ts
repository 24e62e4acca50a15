import type { Diagnostic } from '../diagnostics';
import type { Change, ClusterPlan, Plan, ProfileState } from '../plan/types';
import { mdCode, mdInline, mdText, safeUrl, termText } from './escape';
import { renderJson } from './json';
import { CALLER_HEADROOM, GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderMarkdown } from './markdown';
import { renderText } from './text';

const ROLE = 'arn:aws:iam::123456789012:role/pods';
const state = (name: string, labels: Record<string, string>, tags: Record<string, string> = {}): ProfileState => ({
  name,
  podExecutionRoleArn: ROLE,
  subnets: ['subnet-a'],
  selectors: [{ namespace: 'payments', labels }],
  tags,
});

function change(kind: Change['kind'], profileName: string, extra: Partial<Change> = {}): Change {
  return { id: `eu-west-1/prod-eu/${kind}/${profileName}`, kind, region: 'eu-west-1', cluster: 'prod-eu', profileName, fields: [], reason: 'new spec', ...extra };
}

function planOf(clusters: ClusterPlan[], diagnostics: Diagnostic[] = []): Plan {
  const summary = { create: 0, replace: 0, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 };
  for (const c of clusters) for (const ch of c.changes) summary[ch.kind]++;
  return {
    formatVersion: 1,
    fingerprint: '9f3c1e2a'.padEnd(64, '0'),
    clusters,
    diagnostics,
    summary,
    hasChanges: summary.create + summary.replace + summary.delete + summary.retag + summary.adopt > 0,
  };
}

const examplePlan = () =>
  planOf(
    [
      {
        region: 'eu-west-1',
        cluster: 'prod-eu',
        status: 'ACTIVE',
        quota: 10,
        liveProfiles: 2,
        changes: [
          change('create', 'batch-jobs-7d41c2', { spec: 'batch-jobs', source: { file: 'fargate/batch.yaml', line: 4, column: 3 }, after: state('batch-jobs-7d41c2', {}) }),
          change('replace', 'payments-c21f77', {
            spec: 'payments',
            replaces: 'payments-3a9be0',
            strategy: 'create-before-delete',
            reason: '`selectors[0].labels` changed',
            before: state('payments-3a9be0', { compute: 'fargate' }),
            after: state('payments-c21f77', { compute: 'serverless' }),
            fields: [{ path: 'selectors[0].labels', before: { compute: 'fargate' }, after: { compute: 'serverless' }, forcesReplacement: true }],
          }),
          change('unmanaged', 'handmade', { reason: 'not managed by fargatekeeper; left as it is', before: state('handmade', {}) }),
        ],
      },
      { region: 'eu-west-1', cluster: 'staging', status: 'ACTIVE', liveProfiles: 0, changes: [] },
    ],
    [
      {
        severity: 'warning',
        code: 'overlap.selectors',
        cluster: 'prod-eu',
        message: 'pods in `batch-*` with `compute=fargate` match `batch-jobs-7d41c2` and `bulk-0c1d2e`; EKS picks `batch-jobs-7d41c2` (first by name)',
        source: { file: 'fargate/bulk.yaml', line: 9, column: 7 },
      },
    ],
  );

const partition = <T,>(items: T[], test: (item: T) => boolean): [T[], T[]] => [items.filter(test), items.filter(i => !test(i))];

/** Markdown with its fenced blocks and inline code spans removed, by CommonMark's rule: a run of N backticks closes at the next run of exactly N. */
function withoutCodeSpans(markdown: string): string {
  const md = markdown.replace(/^(`{3,})\w*\n[\s\S]*?\n\1$/gm, '');
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] !== '`') {
      out += md[i++];
      continue;
    }
    let run = 0;
    while (md[i + run] === '`') run++;
    const fence = '`'.repeat(run);
    let close = i + run;
    for (;;) {
      close = md.indexOf(fence, close);
      if (close < 0 || md[close + run] !== '`') break;
      while (md[close] === '`') close++;
    }
    if (close < 0 || run >= 3) {
      out += fence;
      i += run;
    } else {
      i = close + run;
    }
  }
  return out;
}

describe('renderMarkdown', () => {
  const sourceUrl = (file: string, line: number) => `https://github.com/acme/specs/blob/abc/${file}#L${line}`;

  it('starts with the marker, the headline and the summary line, as the PR comment example', () => {
    const md = renderMarkdown(examplePlan(), { sourceUrl, commit: '1a2b3c4d5e6f' });
    const lines = md.split('\n');
    expect(lines[0]).toBe(PLAN_COMMENT_MARKER);
    expect(lines[1]).toBe('### fargatekeeper plan · `prod-eu`, `staging`');
    expect(lines[3]).toBe('**Plan: 1 to create, 1 to replace, 0 to delete** · ⚠️ 1 warning · fingerprint `9f3c1e2a`');
    expect(md).toContain('#### `prod-eu` · eu\\-west\\-1');
    expect(md).toContain('| ➕ | `batch-jobs-7d41c2` | create | new spec [`fargate/batch.yaml:4`](https://github.com/acme/specs/blob/abc/fargate/batch.yaml#L4) |');
    expect(md).toContain('| 🔁 | `payments-3a9be0 → payments-c21f77` | replace (create new, then delete old) | `selectors[0].labels` changed |');
    expect(md).toContain('<details><summary>payments: before → after</summary>');
    expect(md).toContain('-      compute: fargate\n+      compute: serverless');
    expect(md).toContain('ℹ️ Unmanaged profile `handmade` is left as it is.');
    expect(md).toContain('- ⚠️ [`fargate/bulk.yaml:9`](https://github.com/acme/specs/blob/abc/fargate/bulk.yaml#L9) **Overlap** in `prod-eu`: pods in `batch-*`');
    expect(md.trimEnd().split('\n').at(-1)).toBe('<sub>Applied when this pull request is merged. Updated for commit `1a2b3c4`.</sub>');
  });

  it('adds retag and adopt counts only when there are some, and says when nothing changes', () => {
    const quiet = renderMarkdown(planOf([{ region: 'eu-west-1', cluster: 'prod-eu', liveProfiles: 1, changes: [change('noop', 'a-1', { reason: 'up to date' })] }]));
    expect(quiet).toContain('**Plan: 0 to create, 0 to replace, 0 to delete** · fingerprint');
    expect(quiet).toContain('No changes: the live profiles match the specs.');
    const busy = renderMarkdown(planOf([{ region: 'eu-west-1', cluster: 'prod-eu', liveProfiles: 1, changes: [change('retag', 'a-1'), change('adopt', 'legacy')] }]));
    expect(busy).toContain('**Plan: 0 to create, 0 to replace, 0 to delete, 1 to retag, 1 to adopt**');
  });

  it('names the mode in the headline and footer', () => {
    const apply = renderMarkdown(examplePlan(), { mode: 'apply', commit: 'abcdef0123' });
    expect(apply).toContain('### fargatekeeper apply · `prod-eu`, `staging`');
    expect(apply).toContain('<sub>Being applied. Updated for commit `abcdef0`.</sub>');
    const drift = renderMarkdown(examplePlan(), { mode: 'drift' });
    expect(drift).toContain('### fargatekeeper drift check');
    expect(drift).toContain('<sub>Live profiles differ from Git.</sub>');
  });

  it('says why a replacement deletes first', () => {
    const md = renderMarkdown(
      planOf([{ region: 'eu-west-1', cluster: 'prod-eu', liveProfiles: 10, quota: 10, changes: [change('replace', 'p', { replaces: 'p', strategy: 'delete-before-create', strategyReason: '`profileName` fixes the name `p`, so the old profile must go first' })] }]),
    );
    expect(md).toContain('| 🔁 | `p` | replace (delete old, then create new) | new spec — delete first: `profileName` fixes the name `p`, so the old profile must go first |');
  });

  it('lists errors with file:line and a blocked cluster with its reason', () => {
    const md = renderMarkdown(
      planOf([{ region: 'eu-west-1', cluster: 'gone', liveProfiles: 0, changes: [], blockedReason: 'cluster `gone` not found in eu-west-1' }], [
        { severity: 'error', code: 'eks.too-many-selectors', message: 'a profile takes at most 5 selectors, found 6', source: { file: 'fargate/a.yaml', line: 12, column: 5 }, path: 'spec.selectors' },
      ]),
    );
    expect(md).toContain('⛔ Not planned: cluster `gone` not found in eu\\-west\\-1');
    expect(md).toContain('**Errors**\n\n- ❌ `fargate/a.yaml:12` a profile takes at most 5 selectors, found 6 (`spec.selectors`). <sub>eks\\.too\\-many\\-selectors</sub>');
    expect(md).toContain('❌ 1 error');
  });

  it('escapes hostile names, labels, tags and messages everywhere', () => {
    const evil = 'x`|<script>alert(1)</script>](https://evil.example)@team\n# heading';
    const hostile = planOf(
      [
        {
          region: 'eu-west-1',
          cluster: `c|${evil}`,
          liveProfiles: 1,
          changes: [
            change('retag', `p${evil}`, {
              spec: `s${evil}`,
              reason: `\`tags.${evil}\` changed`,
              source: { file: `f${evil}.yaml`, line: 1, column: 1 },
              before: state('p', { [evil]: evil }, { [evil]: 'a' }),
              after: state('p', { [evil]: `${evil}\`\`\`` }, { [evil]: 'b' }),
            }),
          ],
        },
      ],
      [{ severity: 'warning', code: 'x', message: `bad ${evil}`, hint: evil }],
    );
    const md = renderMarkdown(hostile, { sourceUrl: () => 'javascript:alert(1)' });
    // `<summary>` lines are HTML blocks (no Markdown there): entities only.
    const [html, markdown] = partition(md.split('\n'), line => line.startsWith('<details>'));
    expect(html.join('\n')).not.toMatch(/<script>|`/i);
    expect(withoutCodeSpans(markdown.join('\n'))).not.toMatch(/<script>/i);
    expect(md).toContain('&lt;script&gt;');
    // Raw HTML only inside code spans (shown literally); prose and <summary> get entities.

    expect(md).not.toContain('javascript:');
    const prose = withoutCodeSpans(markdown.join('\n'));
    expect(prose).not.toMatch(/@team/); // every @ outside code is followed by a zero-width space
    expect(md).not.toMatch(/\n# heading/);
    // Table rows keep exactly 5 unescaped cell separators.
    for (const row of md.split('\n').filter(l => l.startsWith('| 🏷️'))) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    // The diff block's fence is longer than any backtick run inside it.
    const fence = /^(`{3,})diff$/m.exec(md)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    expect(md.split('\n').filter(l => l === fence)).toHaveLength(1);
  });

  it('folds big plans and shortens what does not fit in a GitHub comment, saying so', () => {
    const clusters: ClusterPlan[] = Array.from({ length: 300 }, (_, c) => ({
      region: 'eu-west-1',
      cluster: `cluster-${c}`,
      liveProfiles: 10,
      changes: Array.from({ length: 10 }, (_, p) =>
        change('replace', `app-${p}-new`, {
          cluster: `cluster-${c}`,
          replaces: `app-${p}-old`,
          reason: '`subnets` changed',
          before: state(`app-${p}-old`, { a: '1' }),
          after: state(`app-${p}-new`, { a: '2' }),
          strategy: 'create-before-delete',
        }),
      ),
    }));
    const md = renderMarkdown(planOf(clusters, Array.from({ length: 50 }, (_, i) => ({ severity: 'warning' as const, code: 'overlap.selectors', message: `overlap ${i}` }))));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.startsWith(`${PLAN_COMMENT_MARKER}\n### fargatekeeper plan`)).toBe(true);
    expect(md).toContain('**Plan: 0 to create, 3000 to replace, 0 to delete**');
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT - CALLER_HEADROOM);
    expect(md).toMatch(/✂️ \*\*Shortened to fit a GitHub comment\*\*: \d+ clusters and \d+ findings not shown/);
    expect(md).toContain('<details><summary>cluster-0: 10 changes</summary>');
    // Whole blocks only: every <details> that opens also closes.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });

  it('drops only the before → after blocks when that is enough', () => {
    const clusters: ClusterPlan[] = [{
      region: 'eu-west-1',
      cluster: 'prod-eu',
      liveProfiles: 10,
      changes: Array.from({ length: 40 }, (_, p) => change('replace', `app-${p}-new`, { replaces: `app-${p}-old`, before: state(`app-${p}-old`, { a: '1' }), after: state(`app-${p}-new`, { a: '2' }) })),
    }];
    const md = renderMarkdown(planOf(clusters), { maxLength: 8000 });
    expect(md.length).toBeLessThanOrEqual(8000);
    expect(md).toContain('_Before → after details are left out: the plan is too big for one comment._');
    expect(md).toContain('`app-39-old → app-39-new`');
  });
});

describe('renderText', () => {
  it('uses Terraform-like symbols and no colour unless asked', () => {
    const plan = examplePlan();
    plan.clusters[0]!.changes.push(
      change('delete', 'old-1', { reason: 'spec `old` removed from Git' }),
      change('retag', 'tags-1', { reason: '`tags.team` changed', fields: [{ path: 'tags.team', before: 'a', after: 'b', forcesReplacement: false }] }),
      change('replace', 'fixed', { replaces: 'fixed', strategy: 'delete-before-create', strategyReason: 'same name' }),
    );
    const text = renderText(plan, { color: false });
    expect(text).not.toContain('\u001b[');
    expect(text.split('\n')[0]).toBe('Plan: 1 to create, 1 to replace, 0 to delete. 1 warning · fingerprint 9f3c1e2a');
    expect(text).toContain('  +   batch-jobs-7d41c2  create: new spec (fargate/batch.yaml:4)');
    expect(text).toContain('  +/- payments-3a9be0 → payments-c21f77  replace (create new, then delete old): `selectors[0].labels` changed');
    expect(text).toContain('        ~ selectors[0].labels: {"compute":"fargate"} → {"compute":"serverless"}  # forces replacement');
    expect(text).toContain('  -   old-1  delete: spec `old` removed from Git');
    expect(text).toContain('  ~   tags-1  retag (in place): `tags.team` changed');
    expect(text).toContain('  -/+ fixed  replace (delete old, then create new): new spec');
    expect(text).toContain('        delete first: same name');
    expect(renderText(plan, { color: true })).toContain('\u001b[32m+  \u001b[0m');
  });

  it('shows a delete of a default role left behind as a role, in text and Markdown', () => {
    const role = 'fk-prod-eu-jobs-1a2b3c4d';
    const plan = planOf([
      {
        region: 'eu-west-1',
        cluster: 'prod-eu',
        liveProfiles: 0,
        changes: [
          change('delete', role, {
            id: `eu-west-1/prod-eu/delete-role/${role}`,
            target: 'role',
            spec: 'jobs',
            reason: 'default role of spec `jobs` left behind: no profile uses it and no spec wants it',
            roles: [{ action: 'delete', name: role, arn: `arn:aws:iam::123456789012:role/fargatekeeper/${role}`, spec: 'jobs' }],
          }),
        ],
      },
    ]);
    const text = renderText(plan, { color: false });
    expect(text).toContain(`  -   role ${role}  delete role: default role of spec \`jobs\` left behind`);
    expect(text).not.toContain(`- role ${role}`);
    const md = renderMarkdown(plan, {});
    expect(md).toContain(`| ➖ | \`role ${role}\` | delete role |`);
    expect(md).not.toContain('deletes role');
  });

  it('says why a cluster was not planned, and lists errors with file:line:column', () => {
    const plan = planOf([{ region: 'eu-west-1', cluster: 'gone', liveProfiles: 0, changes: [], blockedReason: 'cluster `gone` not found in eu-west-1' }], [
      { severity: 'error', code: 'eks.too-many-selectors', message: 'a profile takes at most 5 selectors, found 6', source: { file: 'fargate/a.yaml', line: 12, column: 5 }, path: 'spec.selectors', hint: 'split it' },
    ]);
    const text = renderText(plan, { color: false });
    expect(text).toContain('gone (eu-west-1)\n  not planned: cluster `gone` not found in eu-west-1');
    expect(text).toContain('Errors:\n  fargate/a.yaml:12:5: a profile takes at most 5 selectors, found 6 (spec.selectors) [eks.too-many-selectors]\n    hint: split it');
    expect(text.split('\n')[0]).toBe('Plan: 0 to create, 0 to replace, 0 to delete. 1 error · fingerprint 9f3c1e2a');
  });

  it('shows control characters from names instead of sending them to the terminal', () => {
    const plan = planOf([{ region: 'eu-west-1', cluster: 'c\u001b[2J', liveProfiles: 0, changes: [change('create', 'p\u0007\r')] }]);
    const text = renderText(plan, { color: false });
    expect(text).not.toMatch(/[\u0007\u001b\r]/);
    expect(text).toContain('c\\x1b[2J');
  });
});

describe('renderJson', () => {
  it('is pretty, stable JSON that parses back to the plan', () => {
    const plan = examplePlan();
    const json = renderJson(plan);
    expect(JSON.parse(json)).toEqual(plan);
    expect(json).toBe(renderJson(JSON.parse(json)));
    expect(json.split('\n')[1]).toBe('  "formatVersion": 1,');
  });
});

describe('escaping helpers', () => {
  it('code spans survive backticks and pipes', () => {
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
  });
  it('text escapes Markdown, HTML, mentions and autolinks', () => {
    expect(mdText('*a* <b> @x https://e.x')).toBe('\\*a\\* &lt;b&gt; @&#8203;x https:&#8203;//e\\.x');
    expect(mdInline('`a` & `b|c`')).toBe('`a` &amp; `b\\|c`');
  });
  it('links only http(s) and encodes what would end the link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://x/a (b).yaml#L1')).toBe('https://x/a%20%28b%29.yaml#L1');
  });
  it('terminal text shows control characters', () => {
    expect(termText('a\u001bb\n')).toBe('a\\x1bb\\x0a');
  });
});
