import { SimulatedAccount, VirtualClock } from '../account';
import { simState } from '../account/sim/__fixtures__/simState';
import type { Diagnostic } from '../diagnostics';
import { managedLive, profileSpec } from '../plan/__fixtures__/profiles';
import { profileNameFor } from '../plan/naming';
import { plan as makePlan } from '../plan/plan';
import type { ClusterPlan, Operation, Plan } from '../plan/types';
import {
  adoptByReplaceOp,
  adoptInPlaceOp,
  clusterOf,
  createOp,
  defaultRole,
  deleteProfileOp,
  deleteRoleOp,
  live,
  noOp,
  planOf,
  replaceOp,
  ROLE,
  retagOp,
  state,
  unmanagedOp,
  waitActiveOp,
  waitDeletedOp,
} from './__fixtures__/operations';
import { operationLabel, summaryLine } from './common';
import { htmlText, mdCode, mdFence, mdInline, mdText, safeUrl, termText, visibleText } from './escape';
import { renderJson } from './json';
import { CALLER_HEADROOM, GITHUB_COMMENT_LIMIT, renderMarkdown } from './markdown';
import { reasonText } from './reasons';
import { renderText } from './text';

const sourceUrl = (file: string, line: number) => `https://github.com/acme/specs/blob/abc/${file}#L${line}`;
/** The Markdown link to a spec's line, as the fixtures place specs (fargate/<spec>.yaml line 4). */
const link = (spec: string) =>
  `[\`fargate/${spec}.yaml:4\`](https://github.com/acme/specs/blob/abc/fargate/${spec}.yaml#L4)`;

const examplePlan = () =>
  planOf(
    [
      clusterOf(
        [
          createOp('batch-jobs', 'batch-jobs-7d41c2', { source: { file: 'fargate/batch.yaml', line: 4, column: 3 } }),
          replaceOp('payments', 'payments-3a9be0', 'payments-c21f77'),
          unmanagedOp('handmade'),
        ],
        { status: 'ACTIVE', quota: 10, liveProfiles: 2 },
      ),
      clusterOf([], { cluster: 'staging', status: 'ACTIVE', liveProfiles: 0 }),
    ],
    [
      {
        severity: 'warning',
        code: 'overlap.selectors',
        cluster: 'prod-eu',
        message:
          'pods in `batch-*` with `compute=fargate` match `batch-jobs-7d41c2` and `bulk-0c1d2e`; EKS picks `batch-jobs-7d41c2` (first by name)',
        source: { file: 'fargate/bulk.yaml', line: 9, column: 7 },
      },
    ],
  );

/** A plan of one cluster holding the operations, in the three formats (JSON parsed back). */
function rendered(...operations: Operation[]) {
  const plan = planOf([clusterOf(operations)]);
  return {
    plan,
    md: renderMarkdown(plan, { sourceUrl }),
    text: renderText(plan, { color: false }),
    json: renderJson(plan),
  };
}

/** The JSON of a plan carries the operations as they are: typed reasons, none of the words above. */
function expectJsonOf(r: ReturnType<typeof rendered>, ...words: string[]) {
  const parsed = JSON.parse(r.json) as Plan;
  expect(parsed.clusters[0]!.operations).toEqual(r.plan.clusters[0]!.operations);
  for (const word of words) expect(r.json).not.toContain(word);
}

const partition = <T>(items: T[], test: (item: T) => boolean): [T[], T[]] => [
  items.filter(test),
  items.filter(i => !test(i)),
];

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

describe('each operation kind in Markdown, text and JSON', () => {
  it('create: ➕ / `+`, "new spec", what it waits for and the default role it creates', () => {
    const role = defaultRole('batch');
    const r = rendered(
      createOp('batch', 'batch-1', { waitsFor: { profile: 'batch-1', status: 'DELETING' }, createsRole: role }),
    );
    expect(r.md).toContain(
      `| ➕ | \`batch-1\` | create | new spec ${link('batch')} — waits for \`batch-1\` to be deleted — creates role \`${role.name}\` |`,
    );
    expect(r.text).toContain(
      `  +   batch-1  create: new spec (fargate/batch.yaml:4)\n        waits for \`batch-1\` to be deleted\n        + role ${role.name}\n`,
    );
    // A create's fields are all new: no field lines, no before → after.
    expect(r.text).not.toContain('~ podExecutionRoleArn');
    expect(r.md).not.toContain('before → after');
    expect(summaryLine(r.plan)).toBe('Plan: 1 to create, 0 to replace, 0 to delete');
    expectJsonOf(r, 'new spec', 'waits for');

    const missing = rendered(
      createOp('batch', 'batch-1', { reason: { code: 'adopt-target-missing', adopt: 'legacy' } }),
    );
    expect(missing.md).toContain(
      `| ➕ | \`batch-1\` | create | new spec \\(\`legacy\` to adopt does not exist\\) ${link('batch')} |`,
    );
    expect(missing.text).toContain(
      '  +   batch-1  create: new spec (`legacy` to adopt does not exist) (fargate/batch.yaml:4)\n',
    );
  });

  it('replace: 🔁 / `+/-` create-before-delete naming the changed fields, `-/+` delete-before-create saying why', () => {
    const role = defaultRole('payments');
    const r = rendered(replaceOp('payments', 'payments-3a9be0', 'payments-c21f77', { deletesRole: role }));
    expect(r.md).toContain(
      `| 🔁 | \`payments-3a9be0 → payments-c21f77\` | replace (create new, then delete old) | \`selectors[0].labels\` changed ${link('payments')} — deletes role \`${role.name}\` |`,
    );
    expect(r.md).toContain('<details><summary>payments: before → after</summary>');
    expect(r.md).toContain('-      compute: fargate\n+      compute: serverless');
    expect(r.md).toContain('Forces replacement: `selectors[0].labels`');
    expect(r.text).toContain(
      '  +/- payments-3a9be0 → payments-c21f77  replace (create new, then delete old): `selectors[0].labels` changed (fargate/payments.yaml:4)\n' +
        `        - role ${role.name}\n` +
        '        ~ selectors[0].labels: {"compute":"fargate"} → {"compute":"serverless"}  # forces replacement\n',
    );
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 1 to replace, 0 to delete, 1 role to delete');
    expectJsonOf(r, '` changed', 'create new');

    const failed = rendered(
      replaceOp('payments', 'payments-c21f77', 'payments-c21f77', {
        before: live('payments-c21f77', { status: 'CREATE_FAILED' }),
        reason: { code: 'failed', status: 'CREATE_FAILED' },
        order: {
          kind: 'delete-before-create',
          why: { code: 'old-failed', profile: 'payments-c21f77', status: 'CREATE_FAILED' },
        },
      }),
    );
    expect(failed.md).toContain(
      `| 🔁 | \`payments-c21f77\` | replace (delete old, then create new) | \`payments-c21f77\` is CREATE\\_FAILED ${link('payments')} — delete first: \`payments-c21f77\` is CREATE\\_FAILED and serves no pods |`,
    );
    expect(failed.text).toContain(
      '  -/+ payments-c21f77  replace (delete old, then create new): `payments-c21f77` is CREATE_FAILED (fargate/payments.yaml:4)\n' +
        '        delete first: `payments-c21f77` is CREATE_FAILED and serves no pods\n',
    );
    expectJsonOf(failed, 'serves no pods', 'delete old');
  });

  it('adopt-in-place: 📥 / `~`, "adopts unmanaged … by tagging it", waiting for it to become ACTIVE', () => {
    const r = rendered(adoptInPlaceOp('legacy-app', 'legacy', { waitsFor: { profile: 'legacy', status: 'CREATING' } }));
    expect(r.md).toContain(
      `| 📥 | \`legacy\` | adopt (tag in place) | adopts unmanaged \`legacy\` by tagging it \\(its immutable fields equal the spec\\) ${link('legacy-app')} — waits for \`legacy\` to become ACTIVE |`,
    );
    expect(r.md).not.toContain('Forces replacement');
    expect(r.text).toContain(
      '  ~   legacy  adopt (tag in place): adopts unmanaged `legacy` by tagging it (its immutable fields equal the spec) (fargate/legacy-app.yaml:4)\n' +
        '        waits for `legacy` to become ACTIVE\n',
    );
    // The managed tags it adds follow the content: not a field line of their own.
    expect(r.text).not.toContain('~ tags.fargatekeeper.dev/spec');
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 1 to adopt');
    expectJsonOf(r, 'adopts unmanaged');
  });

  it('adopt-by-replace: 📥 / `+/-` or `-/+`, "adopts unmanaged … by replacing it: <why>"', () => {
    const r = rendered(adoptByReplaceOp('legacy-app', 'legacy', 'legacy-app-1a2b'));
    expect(r.md).toContain(
      `| 📥 | \`legacy → legacy-app-1a2b\` | adopt by replacing (create new, then delete old) | adopts unmanaged \`legacy\` by replacing it: \`selectors[0].labels\` changed ${link('legacy-app')} |`,
    );
    expect(r.md).toContain('Forces replacement: `selectors[0].labels`');
    expect(r.text).toContain(
      '  +/- legacy → legacy-app-1a2b  adopt by replacing (create new, then delete old): adopts unmanaged `legacy` by replacing it: `selectors[0].labels` changed (fargate/legacy-app.yaml:4)\n',
    );
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 1 to adopt');
    expectJsonOf(r, 'adopts unmanaged');

    const quota = rendered(
      adoptByReplaceOp('legacy-app', 'legacy', 'legacy-app-1a2b', {
        order: { kind: 'delete-before-create', why: { code: 'quota', quota: 10, inUse: 10 } },
      }),
    );
    expect(quota.md).toContain(
      '| adopt by replacing (delete old, then create new) | adopts unmanaged `legacy` by replacing it: `selectors[0].labels` changed ' +
        `${link('legacy-app')} — delete first: the cluster would exceed its quota of 10 profiles \\(10 in use when the replacement runs, and create\\-before\\-delete needs one more\\) |`,
    );
    expect(quota.text).toContain(
      '  -/+ legacy → legacy-app-1a2b  adopt by replacing (delete old, then create new): adopts unmanaged `legacy` by replacing it: `selectors[0].labels` changed (fargate/legacy-app.yaml:4)\n' +
        '        delete first: the cluster would exceed its quota of 10 profiles (10 in use when the replacement runs, and create-before-delete needs one more)\n',
    );
  });

  it('retag: 🏷️ / `~`, the changed tags in words and one line each (managed tags left out)', () => {
    const r = rendered(
      retagOp(
        'payments',
        'payments-1',
        [
          { path: 'tags.cost', after: 'a', forcesReplacement: false },
          { path: 'tags.fargatekeeper.dev/hash', before: '1', after: '2', forcesReplacement: false },
          { path: 'tags.old', before: 'x', forcesReplacement: false },
          { path: 'tags.team', before: 'platform', after: 'payments', forcesReplacement: false },
        ],
        { reason: { code: 'fields-changed', fields: ['tags.cost', 'tags.old', 'tags.team'] } },
      ),
    );
    expect(r.md).toContain(
      `| 🏷️ | \`payments-1\` | retag (in place) | \`tags.cost\`, \`tags.old\` and \`tags.team\` changed ${link('payments')} |`,
    );
    expect(r.md).not.toContain('Forces replacement');
    expect(r.text).toContain(
      '  ~   payments-1  retag (in place): `tags.cost`, `tags.old` and `tags.team` changed (fargate/payments.yaml:4)\n' +
        '        ~ tags.cost: (none) → "a"\n' +
        '        ~ tags.old: "x" → (none)\n' +
        '        ~ tags.team: "platform" → "payments"\n',
    );
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 1 to retag');
    expectJsonOf(r, '` changed', 'retag (in place)');
  });

  it('delete-profile: ➖ / `-`, each delete reason in words, and the default role that goes with it', () => {
    const role = defaultRole('old');
    const r = rendered(
      deleteProfileOp('old', 'old-1', { code: 'spec-removed', lastDeleteFailed: false }, { deletesRole: role }),
      deleteProfileOp(
        'old',
        'old-2',
        { code: 'spec-removed', lastDeleteFailed: true },
        { before: live('old-2', { status: 'DELETE_FAILED' }) },
      ),
      deleteProfileOp('jobs', 'jobs-0', { code: 'replacement-leftover' }, { successor: 'jobs-1' }),
      deleteProfileOp('jobs', 'jobs-2', {
        code: 'create-failed',
        health: [{ code: 'InsufficientFreeAddresses', message: 'subnet-a has no free addresses' }],
      }),
      deleteProfileOp(
        'legacy-app',
        'legacy',
        { code: 'adopted-and-replaced', by: 'legacy-app-1a2b' },
        { ownership: 'adopted' },
      ),
    );
    expect(r.md).toContain(
      `| ➖ | \`old-1\` | delete | spec \`old\` removed from Git — deletes role \`${role.name}\` |`,
    );
    expect(r.md).toContain('| ➖ | `old-2` | delete | spec `old` removed from Git; the last delete failed |');
    expect(r.md).toContain('| ➖ | `jobs-0` | delete | left over from an interrupted replacement |');
    expect(r.md).toContain(
      '| ➖ | `jobs-2` | delete | failed to create: InsufficientFreeAddresses: subnet\\-a has no free addresses |',
    );
    expect(r.md).toContain(
      '| ➖ | `legacy` | delete | adopted by spec `legacy-app` and already replaced by `legacy-app-1a2b` |',
    );
    expect(r.text).toContain(`  -   old-1  delete: spec \`old\` removed from Git\n        - role ${role.name}\n`);
    expect(r.text).toContain('  -   old-2  delete: spec `old` removed from Git; the last delete failed\n');
    expect(r.text).toContain('  -   jobs-0  delete: left over from an interrupted replacement\n');
    expect(r.text).toContain(
      '  -   jobs-2  delete: failed to create: InsufficientFreeAddresses: subnet-a has no free addresses\n',
    );
    expect(r.text).toContain(
      '  -   legacy  delete: adopted by spec `legacy-app` and already replaced by `legacy-app-1a2b`\n',
    );
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 5 to delete, 1 role to delete');
    expectJsonOf(r, 'removed from Git', 'left over', 'failed to create');
  });

  it('delete-role: ➖ / `-`, shown as the role, "left behind", and no role line besides', () => {
    const o = deleteRoleOp('jobs');
    const r = rendered(o);
    expect(r.md).toContain(
      `| ➖ | \`role ${o.role.name}\` | delete role | default role of spec \`jobs\` left behind: no profile uses it and no spec wants it |`,
    );
    expect(r.md).not.toContain('deletes role');
    expect(r.text).toContain(
      `  -   role ${o.role.name}  delete role: default role of spec \`jobs\` left behind: no profile uses it and no spec wants it\n`,
    );
    expect(r.text).not.toContain(`- role ${o.role.name}`);
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 1 role to delete');
    expectJsonOf(r, 'left behind');
  });

  it('wait: ⏳ / `...`, until deleted ("…; already being deleted", its role after it) or until ACTIVE', () => {
    const role = defaultRole('old');
    const r = rendered(
      waitActiveOp('jobs', 'jobs-1'),
      waitDeletedOp('old', 'old-1', { code: 'spec-removed', lastDeleteFailed: false }, role),
    );
    expect(r.md).toContain(`| ⏳ | \`jobs-1\` | wait | up to date; still being created ${link('jobs')} |`);
    expect(r.md).toContain(
      `| ⏳ | \`old-1\` | wait | spec \`old\` removed from Git; already being deleted — deletes role \`${role.name}\` |`,
    );
    expect(r.text).toContain('  ... jobs-1  wait: up to date; still being created (fargate/jobs.yaml:4)\n');
    expect(r.text).toContain(
      `  ... old-1  wait: spec \`old\` removed from Git; already being deleted\n        - role ${role.name}\n`,
    );
    expect(summaryLine(r.plan)).toBe('Plan: 0 to create, 0 to replace, 0 to delete, 1 role to delete, 2 to wait for');
    expect(r.plan.hasChanges).toBe(true);
    expectJsonOf(r, 'being deleted', 'being created');
  });

  it('no-op: "no change" / "up to date", counted under `=` and never a row of its own', () => {
    const o = noOp('a', 'a-1');
    expect(operationLabel(o)).toBe('no change');
    expect(reasonText(o)).toBe('up to date');
    const quiet = rendered(o);
    expect(quiet.md).toContain('**Plan: 0 to create, 0 to replace, 0 to delete** · fingerprint');
    expect(quiet.md).toContain('No changes: the live profiles match the specs.');
    expect(quiet.md).toContain('No changes (1 profile up to date).');
    expect(quiet.md).not.toContain('| ✅');
    expect(quiet.text).toContain('  =   1 profile up to date: a-1\n');
    expectJsonOf(quiet, 'up to date');
    const beside = rendered(createOp('b', 'b-1'), o);
    expect(beside.md).toContain('<details><summary>1 profile up to date</summary>\n\n- `a-1` (spec `a`)\n\n</details>');
    expect(beside.text).not.toContain('a-1  no change');
  });

  it('unmanaged: "not managed by fargatekeeper (STATUS); left as it is", `?` in text and a note in Markdown', () => {
    const r = rendered(unmanagedOp('handmade'), unmanagedOp('broken', 'CREATE_FAILED'));
    expect(r.text).toContain('  ?   handmade  unmanaged: not managed by fargatekeeper; left as it is\n');
    expect(r.text).toContain('  ?   broken  unmanaged: not managed by fargatekeeper (CREATE_FAILED); left as it is\n');
    expect(r.md).toContain('ℹ️ Unmanaged profile `handmade` is left as it is.');
    expect(r.md).toContain('ℹ️ Unmanaged profile `broken` (CREATE\\_FAILED) is left as it is.');
    expect(r.md).not.toContain('| 👤');
    expect(r.plan.hasChanges).toBe(false);
    expectJsonOf(r, 'not managed by');
  });
});

describe('the summary line', () => {
  it('counts profiles to create, replace and delete, then what else there is', () => {
    const plan = planOf([
      clusterOf([
        createOp('a', 'a-1'),
        replaceOp('b', 'b-0', 'b-1'),
        adoptInPlaceOp('c', 'c'),
        adoptByReplaceOp('d', 'd', 'd-1'),
        retagOp('e', 'e-1', []),
        deleteProfileOp(
          'f',
          'f-1',
          { code: 'spec-removed', lastDeleteFailed: false },
          { deletesRole: defaultRole('f') },
        ),
        deleteRoleOp('g'),
        waitActiveOp('h', 'h-1'),
        noOp('i', 'i-1'),
        unmanagedOp('j'),
      ]),
    ]);
    expect(summaryLine(plan)).toBe(
      'Plan: 1 to create, 1 to replace, 1 to delete, 1 to retag, 2 to adopt, 2 roles to delete, 1 to wait for',
    );
    expect(renderText(plan, { color: false }).split('\n')[0]).toBe(`${summaryLine(plan)}. fingerprint 9f3c1e2a`);
  });
});

describe('rendering a real plan', () => {
  it('shows what plan() decided, in the words of its typed reasons', async () => {
    const payments = profileSpec('payments');
    const moved = profileSpec('payments', {
      selectors: [{ namespace: 'payments', labels: { compute: 'serverless' } }],
    });
    const gone = profileSpec('gone');
    const going = profileSpec('going');
    const batch = profileSpec('batch');
    const state0 = simState();
    state0.clusters[0]!.profiles.push(
      managedLive(payments),
      managedLive(gone),
      managedLive(going, { status: 'DELETING' }),
    );
    const account = SimulatedAccount.fromJSON(state0, { clock: new VirtualClock() });
    const plan = await makePlan({ specs: [batch, moved] }, account, { defaultRegion: 'eu-west-1' });

    const text = renderText(plan, { color: false });
    expect(text.split('\n')[0]).toMatch(
      /^Plan: 1 to create, 1 to replace, 1 to delete, 1 to wait for\. (\d+ warnings? · )?fingerprint [0-9a-f]{8}$/,
    );
    expect(text).toContain(`  +   ${profileNameFor(batch)}  create: new spec (fargate/batch.yaml:4)\n`);
    expect(text).toContain(
      `  +/- ${profileNameFor(payments)} → ${profileNameFor(moved)}  replace (create new, then delete old): \`selectors[0].labels\` changed (fargate/payments.yaml:4)\n`,
    );
    expect(text).toContain(`  -   ${profileNameFor(gone)}  delete: spec \`gone\` removed from Git\n`);
    expect(text).toContain(
      `  ... ${profileNameFor(going)}  wait: spec \`going\` removed from Git; already being deleted\n`,
    );
    expect(text).toContain('  ?   handmade  unmanaged: not managed by fargatekeeper; left as it is\n');
    const md = renderMarkdown(plan);
    expect(md).toContain(
      `| 🔁 | \`${profileNameFor(payments)} → ${profileNameFor(moved)}\` | replace (create new, then delete old) | \`selectors[0].labels\` changed \`fargate/payments.yaml:4\` |`,
    );
    expect(md).toContain(`| ➖ | \`${profileNameFor(gone)}\` | delete | spec \`gone\` removed from Git |`);
    expect(JSON.parse(renderJson(plan))).toEqual(plan);
  });
});

/** Cluster `gone` could not be planned, and a spec has an error at `fargate/a.yaml:12:5`, with a hint. */
const blockedWithError = () =>
  planOf(
    [clusterOf([], { cluster: 'gone', liveProfiles: 0, blockedReason: 'cluster `gone` not found in eu-west-1' })],
    [
      {
        severity: 'error',
        code: 'eks.too-many-selectors',
        message: 'a profile takes at most 5 selectors, found 6',
        source: { file: 'fargate/a.yaml', line: 12, column: 5 },
        path: 'spec.selectors',
        hint: 'split it',
      },
    ],
  );

describe('renderMarkdown', () => {
  it('starts with the headline and the summary line, as the PR comment example (no marker: the Action adds its own)', () => {
    const md = renderMarkdown(examplePlan(), { sourceUrl, commit: '1a2b3c4d5e6f' });
    const lines = md.split('\n');
    expect(lines[0]).toBe('### fargatekeeper plan · `prod-eu`, `staging`');
    expect(md).not.toContain('<!--');
    expect(lines[2]).toBe('**Plan: 1 to create, 1 to replace, 0 to delete** · ⚠️ 1 warning · fingerprint `9f3c1e2a`');
    expect(md).toContain('#### `prod-eu` · eu\\-west\\-1');
    expect(md).toContain(
      '| ➕ | `batch-jobs-7d41c2` | create | new spec [`fargate/batch.yaml:4`](https://github.com/acme/specs/blob/abc/fargate/batch.yaml#L4) |',
    );
    expect(md).toContain(
      `| 🔁 | \`payments-3a9be0 → payments-c21f77\` | replace (create new, then delete old) | \`selectors[0].labels\` changed ${link('payments')} |`,
    );
    expect(md).toContain('<details><summary>payments: before → after</summary>');
    expect(md).toContain('ℹ️ Unmanaged profile `handmade` is left as it is.');
    expect(md).toContain(
      '- ⚠️ [`fargate/bulk.yaml:9`](https://github.com/acme/specs/blob/abc/fargate/bulk.yaml#L9) **Overlap** in `prod-eu`: pods in `batch-*`',
    );
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      '<sub>Applied when this pull request is merged. Updated for commit `1a2b3c4`.</sub>',
    );
  });

  it('names the mode in the headline and footer', () => {
    const apply = renderMarkdown(examplePlan(), { mode: 'apply', commit: 'abcdef0123' });
    expect(apply).toContain('### fargatekeeper apply · `prod-eu`, `staging`');
    expect(apply).toContain('<sub>Being applied. Updated for commit `abcdef0`.</sub>');
    const drift = renderMarkdown(examplePlan(), { mode: 'drift' });
    expect(drift).toContain('### fargatekeeper drift check');
    expect(drift).toContain('<sub>Live profiles differ from Git.</sub>');
  });

  it('says why a replacement of the same name deletes first', () => {
    const md = renderMarkdown(
      planOf([
        clusterOf(
          [
            replaceOp('p', 'p', 'p', {
              order: { kind: 'delete-before-create', why: { code: 'fixed-name', name: 'p' } },
            }),
          ],
          { liveProfiles: 10, quota: 10 },
        ),
      ]),
    );
    expect(md).toContain(
      '| 🔁 | `p` | replace (delete old, then create new) | `selectors[0].labels` changed `fargate/p.yaml:4` — delete first: `profileName` fixes the name `p`, so the old profile must go first |',
    );
  });

  it('lists errors with file:line and a blocked cluster with its reason', () => {
    const md = renderMarkdown(blockedWithError());
    expect(md).toContain('⛔ Not planned: cluster `gone` not found in eu\\-west\\-1');
    expect(md).toContain(
      '**Errors**\n\n- ❌ `fargate/a.yaml:12` a profile takes at most 5 selectors, found 6 (`spec.selectors`). Hint: split it\\. <sub>eks\\.too\\-many\\-selectors</sub>',
    );
    expect(md).toContain('❌ 1 error');
  });

  it('escapes hostile names, labels, tags and messages everywhere', () => {
    const evil = 'x`|<script>alert(1)</script>](https://evil.example)@team\n# heading';
    const hostile = planOf(
      [
        clusterOf(
          [
            retagOp(
              `s${evil}`,
              `p${evil}`,
              [{ path: `tags.${evil}`, before: 'a', after: 'b', forcesReplacement: false }],
              {
                cluster: `c|${evil}`,
                source: { file: `f${evil}.yaml`, line: 1, column: 1 },
                before: { ...state('p', { [evil]: evil }, { [evil]: 'a' }), status: 'ACTIVE', health: [] },
                after: state('p', { [evil]: `${evil}\`\`\`` }, { [evil]: 'b' }),
              },
            ),
          ],
          { cluster: `c|${evil}`, liveProfiles: 1 },
        ),
      ],
      [{ severity: 'warning', code: 'x', message: `bad ${evil}`, hint: evil }],
    );
    const md = renderMarkdown(hostile, { sourceUrl: () => 'javascript:alert(1)' });
    // `<summary>` lines are HTML blocks (no Markdown there): entities only.
    const [html, markdown] = partition(md.split('\n'), line => line.startsWith('<details>'));
    expect(html.join('\n')).not.toMatch(/<script>|`/i);
    expect(withoutCodeSpans(markdown.join('\n'))).not.toMatch(/<script>/i);
    expect(md).toContain('&lt;script&gt;');
    expect(md).not.toContain('javascript:');
    const prose = withoutCodeSpans(markdown.join('\n'));
    expect(prose).not.toMatch(/@team/); // every @ outside code is followed by a zero-width space
    expect(md).not.toMatch(/\n# heading/);
    // Table rows keep exactly 5 unescaped cell separators.
    const rows = md.split('\n').filter(l => l.startsWith('| 🏷️'));
    expect(rows).toHaveLength(1);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    // The diff block's fence is longer than any backtick run inside it.
    const fence = /^(`{3,})diff$/m.exec(md)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    expect(md.split('\n').filter(l => l === fence)).toHaveLength(1);
  });

  const replacements = (cluster: string, count: number) =>
    Array.from({ length: count }, (_, p) =>
      replaceOp('app', `app-${p}-old`, `app-${p}-new`, {
        cluster,
        id: `eu-west-1/${cluster}/replace/app-${p}-new`,
        reason: { code: 'fields-changed', fields: ['subnets'] },
        before: live(`app-${p}-old`, { labels: { a: '1' } }),
        after: state(`app-${p}-new`, { a: '2' }),
      }),
    );

  it('folds big plans and shortens what does not fit in a GitHub comment, saying so', () => {
    const clusters: ClusterPlan[] = Array.from({ length: 300 }, (_, c) =>
      clusterOf(replacements(`cluster-${c}`, 10), { cluster: `cluster-${c}`, liveProfiles: 10 }),
    );
    const md = renderMarkdown(
      planOf(
        clusters,
        Array.from({ length: 50 }, (_, i): Diagnostic => ({
          severity: 'warning',
          code: 'overlap.selectors',
          message: `overlap ${i}`,
        })),
      ),
    );
    expect(md.startsWith('### fargatekeeper plan')).toBe(true);
    expect(md).toContain('**Plan: 0 to create, 3000 to replace, 0 to delete**');
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT - CALLER_HEADROOM);
    expect(md).toMatch(/✂️ \*\*Shortened to fit a GitHub comment\*\*: \d+ clusters and \d+ findings not shown/);
    expect(md).toContain('<details><summary>cluster-0: 10 changes</summary>');
    // Whole blocks only: every <details> that opens also closes.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
  });

  it('drops only the before → after blocks when that is enough', () => {
    const md = renderMarkdown(planOf([clusterOf(replacements('prod-eu', 40), { liveProfiles: 10 })]), {
      maxLength: 8000,
    });
    expect(md.length).toBeLessThanOrEqual(8000);
    expect(md).toContain(
      '_Profile details (before → after, new and deleted profiles) are left out: the plan is too big for one comment._',
    );
    expect(md).toContain('`app-39-old → app-39-new`');
    expect(md).not.toContain('before → after</summary>');
  });
});

describe('renderText', () => {
  it('prints the summary line first, findings after, and no colour unless asked', () => {
    const plan = examplePlan();
    const text = renderText(plan, { color: false });
    expect(text).not.toContain('\u001b[');
    expect(text.split('\n')[0]).toBe('Plan: 1 to create, 1 to replace, 0 to delete. 1 warning · fingerprint 9f3c1e2a');
    expect(text).toContain(
      'prod-eu (eu-west-1) 2/10 profiles\n  +   batch-jobs-7d41c2  create: new spec (fargate/batch.yaml:4)\n',
    );
    expect(text).toContain('staging (eu-west-1)\n  no profiles');
    expect(text).toContain('Warnings:\n  fargate/bulk.yaml:9:7: pods in `batch-*`');
    expect(renderText(plan, { color: true })).toContain('\u001b[32m+  \u001b[0m');
  });

  it('says why a cluster was not planned, and lists errors with file:line:column', () => {
    const plan = blockedWithError();
    const text = renderText(plan, { color: false });
    expect(text).toContain('gone (eu-west-1)\n  not planned: cluster `gone` not found in eu-west-1');
    expect(text).toContain(
      'Errors:\n  fargate/a.yaml:12:5: a profile takes at most 5 selectors, found 6 (spec.selectors) [eks.too-many-selectors]\n    hint: split it',
    );
    expect(text.split('\n')[0]).toBe('Plan: 0 to create, 0 to replace, 0 to delete. 1 error · fingerprint 9f3c1e2a');
  });

  it('shows control characters from names instead of sending them to the terminal', () => {
    const plan = planOf([clusterOf([createOp('s', 'p\u0007\r')], { cluster: 'c\u001b[2J' })]);
    const text = renderText(plan, { color: false });
    expect(text).not.toMatch(/[\u0007\u001b\r]/);
    expect(text).toContain('c\\x1b[2J');
    expect(text).toContain('p\\x07\\x0d');
  });
});

describe('renderJson', () => {
  it('is pretty, stable JSON that parses back to the plan', () => {
    const plan = examplePlan();
    const json = renderJson(plan);
    expect(JSON.parse(json)).toEqual(plan);
    expect(json).toBe(renderJson(JSON.parse(json)));
    expect(json.split('\n')[1]).toBe('  "formatVersion": 2,');
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
  it('shows control and bidi characters as escapes in text, Markdown and HTML', () => {
    const name = 'pay\u202Etxt.exe';
    expect(termText(name)).toBe('pay\\u202Etxt.exe');
    expect(mdCode(name)).toBe('`pay\\u202Etxt.exe`');
    expect(mdInline(`spec \`${name}\` is bad`)).toBe('spec `pay\\u202Etxt.exe` is bad');
    expect(mdText(name)).toBe('pay\\\\u202Etxt\\.exe');
    expect(htmlText(name)).toBe('pay\\u202Etxt.exe');
    const every =
      '\u0000\u0007\u001b\u007f\u0085\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    const escaped =
      '\\x00\\x07\\x1b\\x7f\\x85\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069';
    expect(termText(every)).toBe(escaped);
    expect(htmlText(every)).toBe(escaped);
    expect(mdCode(every)).toBe(`\`${escaped}\``);
    // Where lines are allowed, newlines and tabs stay.
    expect(visibleText(`a\tb\nc${every}`)).toBe(`a\tb\nc${escaped}`);
    expect(mdFence(`- name: ${name}\n+ name: x`, 'diff')).toBe('```diff\n- name: pay\\u202Etxt.exe\n+ name: x\n```');
  });
});

describe('what a reviewer must not miss', () => {
  const caution = (md: string) => md.split('\n').filter(l => l.startsWith('> ') && l !== '> [!CAUTION]');

  it('puts a CAUTION banner at the top exactly when the plan deletes profiles or roles, or deletes before it creates', () => {
    const quiet = [
      createOp('a', 'a-1'),
      replaceOp('b', 'b-0', 'b-1'),
      adoptByReplaceOp('c', 'c', 'c-1'),
      adoptInPlaceOp('d', 'd'),
      retagOp('e', 'e-1', []),
      waitDeletedOp('f', 'f-1', { code: 'spec-removed', lastDeleteFailed: false }),
      noOp('g', 'g-1'),
      unmanagedOp('h'),
    ];
    expect(renderMarkdown(planOf([clusterOf(quiet)]))).not.toContain('[!CAUTION]');
    for (const destructive of [
      deleteProfileOp('old', 'old-1', { code: 'spec-removed', lastDeleteFailed: false }),
      deleteRoleOp('jobs'),
      replaceOp('p', 'p-0', 'p-0', {
        order: { kind: 'delete-before-create', why: { code: 'same-name', name: 'p-0' } },
      }),
      adoptByReplaceOp('l', 'legacy', 'l-1', {
        order: { kind: 'delete-before-create', why: { code: 'quota', quota: 10, inUse: 10 } },
      }),
    ]) {
      expect(renderMarkdown(planOf([clusterOf([...quiet, destructive])]))).toContain('> [!CAUTION]');
    }

    const md = renderMarkdown(
      planOf([
        clusterOf([
          createOp('a', 'a-1'),
          replaceOp('b', 'b-0', 'b-1'),
          replaceOp('pay', 'pay-1', 'pay-2', {
            before: live('pay-1', { status: 'CREATE_FAILED' }),
            reason: { code: 'failed', status: 'CREATE_FAILED' },
            order: {
              kind: 'delete-before-create',
              why: { code: 'old-failed', profile: 'pay-1', status: 'CREATE_FAILED' },
            },
          }),
          deleteProfileOp(
            'old',
            'old-1',
            { code: 'spec-removed', lastDeleteFailed: false },
            { deletesRole: defaultRole('old') },
          ),
          deleteProfileOp('old', 'old-2', { code: 'replacement-leftover' }),
          deleteRoleOp('jobs'),
        ]),
      ]),
    );
    // Under the headline and the summary line, above every cluster.
    const lines = md.split('\n');
    expect(lines[0]).toBe('### fargatekeeper plan · `prod-eu`');
    expect(lines[2]).toMatch(/^\*\*Plan: 1 to create, 2 to replace, 2 to delete, 2 roles to delete\*\*/);
    expect(lines[4]).toBe('> [!CAUTION]');
    expect(md.indexOf('[!CAUTION]')).toBeLessThan(md.indexOf('#### '));
    expect(caution(md)).toEqual([
      '> **Destructive changes**: 2 profiles deleted, 2 default roles deleted, 1 replacement leaving a window without a profile.',
      '> - Deleted: `old-1`, `old-2`. EKS deletes the pods running on a deleted profile; they are scheduled again only if another profile matches them.',
      '> - Old profile deleted before its replacement is created, so the pods it serves have no profile until the new one is ACTIVE: `pay-1 → pay-2` (`pay-1` is CREATE\\_FAILED and serves no pods).',
    ]);
  });

  it('names clusters in the banner when there are several, and cuts long lists', () => {
    const deletes = (cluster: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        deleteProfileOp(
          'old',
          `old-${i}`,
          { code: 'spec-removed', lastDeleteFailed: false },
          { cluster, id: `eu-west-1/${cluster}/delete-profile/old-${i}` },
        ),
      );
    const md = renderMarkdown(
      planOf([
        clusterOf(deletes('prod-eu', 8), { cluster: 'prod-eu' }),
        clusterOf(deletes('staging', 4), { cluster: 'staging' }),
      ]),
    );
    const [count, names] = caution(md);
    expect(count).toBe('> **Destructive changes**: 12 profiles deleted.');
    expect(names).toContain('`prod-eu/old-0`, ');
    expect(names).toContain('`staging/old-1`, and 2 more.');
    expect(names).not.toContain('`staging/old-2`');
  });

  it('shows the selectors, subnets and role of each created and deleted profile, escaped', () => {
    const hostile = '`\u202E<script>@team';
    const after = {
      ...state('batch-1', { [hostile]: 'x```y' }),
      subnets: ['subnet-b', 'subnet-a'],
      podExecutionRoleArn: 'arn:aws:iam::123456789012:role/batch',
    };
    const md = renderMarkdown(
      planOf([
        clusterOf([
          createOp('batch', 'batch-1', { after }),
          deleteProfileOp('old', 'old-1', { code: 'spec-removed', lastDeleteFailed: false }),
        ]),
      ]),
    );
    expect(md).toContain('<details><summary>batch-1: new profile</summary>');
    expect(md).toContain(
      '+name: batch-1\n+podExecutionRoleArn: arn:aws:iam::123456789012:role/batch\n+subnets:\n+  - subnet-a\n+  - subnet-b\n+selectors:\n+  - namespace: payments\n+    labels:\n' +
        '+      "`\\u202E<script>@team": "x```y"',
    );
    expect(md).toContain('<details><summary>old-1: profile to delete</summary>');
    expect(md).toContain(
      `-name: old-1\n-podExecutionRoleArn: ${ROLE}\n-subnets:\n-  - subnet-a\n-selectors:\n-  - namespace: payments\n`,
    );
    // The label is inside a fence no line can close, with its bidi control shown, not acting.
    expect(md).not.toContain('\u202E');
    const fence = /^(`{3,})diff$/m.exec(md)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    expect(withoutCodeSpans(md)).not.toMatch(/<script>/);
    // The details are what goes first when the plan is too big.
    const small = renderMarkdown(
      planOf([
        clusterOf(
          Array.from({ length: 40 }, (_, i) => createOp('s', `s-${i}`, { id: `eu-west-1/prod-eu/create/s-${i}` })),
        ),
      ]),
      { maxLength: 6000 },
    );
    expect(small).not.toContain(': new profile</summary>');
    expect(small).toContain('`s-39`');
  });

  it('shows the health issues of live profiles, in Markdown and text', () => {
    const health = [
      { code: 'InsufficientFreeAddresses', message: 'subnet-a has no <free> addresses', resourceIds: ['subnet-a'] },
    ];
    const r = rendered(
      replaceOp('pay', 'pay-1', 'pay-2', {
        before: live('pay-1', { status: 'CREATE_FAILED', health }),
        reason: { code: 'failed', status: 'CREATE_FAILED' },
      }),
      {
        ...unmanagedOp('handmade', 'DELETE_FAILED'),
        before: live('handmade', {
          status: 'DELETE_FAILED',
          health: [{ code: 'AccessDenied', message: 'no @team access' }],
        }),
      },
      {
        ...noOp('ok', 'ok-1'),
        before: live('ok-1', { health: [{ code: 'PodExecutionRoleAlreadyInUse', message: 'in use' }] }),
      },
      createOp('quiet', 'quiet-1'),
    );
    // A profile with a row in the table has its health on it; the others (unmanaged, up to date) a line each.
    expect(r.md).toMatch(
      /^\| 🔁 \| `pay-1 → pay-2` \| .* — 🩺 `pay-1` \(CREATE\\_FAILED\): `InsufficientFreeAddresses`: subnet\\-a has no &lt;free&gt; addresses \(`subnet-a`\) \|$/m,
    );
    expect(r.md).toContain(
      '🩺 **Health**\n\n' +
        '- `handmade` (DELETE\\_FAILED): `AccessDenied`: no @&#8203;team access\n' +
        '- `ok-1` (ACTIVE): `PodExecutionRoleAlreadyInUse`: in use',
    );
    expect(r.md.match(/InsufficientFreeAddresses/g)).toHaveLength(1);
    expect(r.text).toContain(
      '  +/- pay-1 → pay-2  replace (create new, then delete old): `pay-1` is CREATE_FAILED (fargate/pay.yaml:4)\n' +
        '        ~ selectors[0].labels: {"compute":"fargate"} → {"compute":"serverless"}  # forces replacement\n' +
        '        health pay-1 (CREATE_FAILED): InsufficientFreeAddresses: subnet-a has no <free> addresses (subnet-a)\n',
    );
    expect(r.text).toContain(
      '  ?   handmade  unmanaged: not managed by fargatekeeper (DELETE_FAILED); left as it is\n        health handmade (DELETE_FAILED): AccessDenied: no @team access\n',
    );
    expect(r.text).toContain(
      '  =   ok-1  up to date\n        health ok-1 (ACTIVE): PodExecutionRoleAlreadyInUse: in use\n',
    );
    const healthy = rendered(createOp('a', 'a-1'), noOp('b', 'b-1'));
    expect(healthy.md).not.toContain('Health');
    expect(healthy.text).not.toContain('health');
  });
});
