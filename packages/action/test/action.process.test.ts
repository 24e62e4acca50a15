import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAws } from './fakeAws';
import { BOT_LOGIN, failures, FakeGitHub } from './fakeGitHub';
import { pullRequestEvent, pushEvent, scheduleEvent } from './fixtures/events';
import { makeWorkspace, runAction, TOKEN, type ActionRun } from './runAction';

/**
 * The committed bundle (packages/action/dist/index.js) run as the runner runs it, against a local
 * stand-in for the GitHub REST API and a simulated account file. Rebuild with `npm run build:action`.
 */
// A test runs up to four processes of ~0.4 s each; leave room for a loaded machine.
jest.setTimeout(30_000);

const PLAN_MARKER = '<!-- fargatekeeper:plan -->';
const headSha = (n: number) => `${n}`.repeat(40).slice(0, 40);
const mergeSha = 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1';

/** A second spec in the fixture's cluster. */
const searchSpec = [
  'apiVersion: fargatekeeper.dev/v1',
  'kind: FargateProfile',
  'metadata:',
  '  name: search-jobs',
  'spec:',
  '  cluster: prod-eu',
  '  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
  '  subnets: [subnet-0a11, subnet-0b22]',
  '  selectors:',
  '    - namespace: search-jobs',
  '',
].join('\n');

let api: FakeGitHub;
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.addPullRequest(7);
});
afterEach(() => api.stop());

const sim = (workspace: string) => JSON.parse(readFileSync(join(workspace, 'sim-account.json'), 'utf8'));
const profileNames = (workspace: string, cluster = 'prod-eu'): string[] =>
  sim(workspace)
    .clusters.find((c: { name: string }) => c.name === cluster)
    .profiles.map((p: { name: string }) => p.name);

function expectSucceeded(run: ActionRun): void {
  if (run.exitCode !== 0) throw new Error(`exit code ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
}

const plan = (
  workspace: string,
  event = pullRequestEvent({ action: 'opened', number: 7, headSha: headSha(1) }),
  inputs = {},
) => runAction({ workspace, event, apiUrl: api.url, inputs: { 'simulated-account': 'sim-account.json', ...inputs } });

describe('plan on a pull request', () => {
  it('creates the plan comment on the first push and updates that same comment on the next', async () => {
    const workspace = makeWorkspace();
    const first = await plan(workspace);
    expectSucceeded(first);
    expect(first.stdout).toContain('fargatekeeper: pull_request → plan');
    expect(api.commentsOn(7)).toHaveLength(1);
    const comment = api.commentsOn(7)[0]!;
    const firstBody = comment.body;
    expect(comment.login).toBe(BOT_LOGIN);
    // The action puts its marker at the top of its own comment only, not into the job summary.
    expect(comment.body.startsWith(`${PLAN_MARKER}\n### fargatekeeper plan`)).toBe(true);
    expect(comment.body.split(PLAN_MARKER)).toHaveLength(2);
    expect(comment.body).toMatch(/Plan: 1 to create, 0 to replace, 0 to delete/);
    expect(comment.body).toContain(headSha(1).slice(0, 7));
    expect(api.requests.every(r => r.authorization === `token ${TOKEN}`)).toBe(true);
    expect(first.outputs).toMatchObject({
      'has-changes': 'true',
      creates: '1',
      replaces: '0',
      deletes: '0',
      retags: '0',
      adopts: '0',
      'role-deletes': '0',
    });
    expect(first.outputs['comment-url']).toBe(
      `https://github.com/octo-org/platform-specs/pull/7#issuecomment-${comment.id}`,
    );
    expect(first.outputs.fingerprint).toMatch(/^[0-9a-f]{8,}$/);
    expect(JSON.parse(readFileSync(first.outputs['plan-json']!, 'utf8'))).toMatchObject({
      fingerprint: first.outputs.fingerprint,
    });
    expect(first.summary).toMatch(/Plan: 1 to create/);
    expect(first.summary).not.toContain(PLAN_MARKER);

    // The author adds a selector and pushes again: same comment, new content.
    const spec = join(workspace, 'fargate/payments.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '      labels: { compute: fargate }\n',
        '      labels: { compute: fargate }\n    - namespace: payments-reports\n',
      ),
    );
    const second = await plan(workspace, pullRequestEvent({ action: 'synchronize', number: 7, headSha: headSha(2) }));
    expectSucceeded(second);
    expect(api.commentsOn(7)).toHaveLength(1);
    expect(api.commentsOn(7)[0]!.id).toBe(comment.id);
    // A new selector changes an immutable field, hence the profile's name and the fingerprint.
    const profileIn = (body: string) => /`(payments-jobs-[0-9a-f]+)`/.exec(body)?.[1];
    expect(profileIn(api.commentsOn(7)[0]!.body)).toMatch(/^payments-jobs-/);
    expect(profileIn(api.commentsOn(7)[0]!.body)).not.toBe(profileIn(firstBody));
    expect(second.outputs.fingerprint).not.toBe(first.outputs.fingerprint);
    expect(api.commentsOn(7)[0]!.body).toContain(headSha(2).slice(0, 7));
    expect(api.writes().map(r => r.method)).toEqual(['POST', 'PATCH']);
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
  });

  it('finds its comment among more than 100 others (marker on page 2)', async () => {
    for (let i = 0; i < 105; i++) api.addComment(7, `Looks good to me (${i})`);
    const mine = api.addComment(7, `${PLAN_MARKER}\nan older plan`, BOT_LOGIN);
    for (let i = 0; i < 10; i++) api.addComment(7, `nit ${i}`);
    const run = await plan(makeWorkspace());
    expectSucceeded(run);
    expect(api.commentsOn(7)).toHaveLength(116);
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'PATCH', path: `/repos/octo-org/platform-specs/issues/comments/${mine.id}` }),
    ]);
    expect(mine.body).toMatch(/Plan: 1 to create/);
    const listed = api.requests.filter(r => r.method === 'GET' && r.path.endsWith('/issues/7/comments'));
    expect(listed.map(r => r.query.page ?? '1')).toEqual(['1', '2']);
  });

  it('plans a fork pull request into the summary and skips the comment with a notice', async () => {
    const event = pullRequestEvent({
      action: 'opened',
      number: 7,
      headSha: headSha(3),
      headRepo: 'mona/platform-specs',
    });
    const run = await plan(makeWorkspace(), event);
    expectSucceeded(run);
    expect(run.stdout).toMatch(/::notice::This pull request comes from a fork/);
    expect(run.summary).toMatch(/Plan: 1 to create/);
    expect(api.writes()).toEqual([]);
    expect(run.outputs['comment-url'] ?? '').toBe('');
  });

  it('does not fail when the token may not comment (403)', async () => {
    api.readOnly = true;
    const run = await plan(makeWorkspace());
    expectSucceeded(run);
    expect(run.stdout).toContain(
      "::notice::GitHub: creating the plan comment on pull request #7 failed: the token lacks a permission (403 Resource not accessible by integration); add `pull-requests: write` or `issues: write` to the workflow's `permissions:`. The plan is in the job summary.",
    );
    expect(run.summary).toMatch(/Plan: 1 to create/);
  });

  it('retries a 502 and waits out a secondary rate limit (the bundled retry and throttling plugins)', async () => {
    api.script('GET', /\/issues\/7\/comments$/, failures.badGateway());
    api.script('POST', /\/issues\/7\/comments$/, failures.secondaryRateLimit(1));
    const run = await plan(makeWorkspace());
    expectSucceeded(run);
    expect(api.commentsOn(7)).toHaveLength(1);
    expect(api.requests.filter(r => r.path.endsWith('/issues/7/comments')).map(r => r.method)).toEqual([
      'GET',
      'GET',
      'POST',
      'POST',
    ]);
    expect(run.stdout).toContain(
      'GitHub: secondary rate limit reached on POST /repos/{owner}/{repo}/issues/{issue_number}/comments; waiting 1 s, then retrying (1 of 2)',
    );
  });

  it('comments on a fork pull request under pull_request_target, whose token may write', async () => {
    const event = pullRequestEvent({
      action: 'opened',
      number: 7,
      headSha: headSha(3),
      headRepo: 'mona/platform-specs',
      eventName: 'pull_request_target',
    });
    const run = await plan(makeWorkspace(), event);
    expectSucceeded(run);
    expect(api.commentsOn(7)).toHaveLength(1);
    // The runner checked out the base branch (GITHUB_SHA): the comment says so at the top, plainly.
    const body = api.commentsOn(7)[0]!.body;
    expect(
      body.startsWith(
        `${PLAN_MARKER}\n> [!WARNING]\n> This plan was planned from the base branch (\`b5e0000\`), not this pull request's head (\`3333333\`)`,
      ),
    ).toBe(true);
    expect(body).toContain(
      'Planned from commit [`b5e0000`](https://github.com/octo-org/platform-specs/commit/b5e0000000000000000000000000000000000001) · [workflow run](https://github.com/octo-org/platform-specs/actions/runs/11223344556)',
    );
  });

  it('says which commit it planned (the checked-out one, by git) and links to the run', async () => {
    const workspace = makeWorkspace();
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: workspace,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      }).trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'specs');
    const head = git('rev-parse', 'HEAD');
    expectSucceeded(await plan(workspace));
    const body = api.commentsOn(7)[0]!.body;
    expect(body).toContain(
      `Planned from commit [\`${head.slice(0, 7)}\`](https://github.com/octo-org/platform-specs/commit/${head})`,
    );
    expect(body).toContain('[workflow run](https://github.com/octo-org/platform-specs/actions/runs/11223344556)');
  });

  it('a spec value cannot forge the marker or the reviewed-plan data', async () => {
    const workspace = makeWorkspace();
    const spec = join(workspace, 'fargate/payments.yaml');
    const forged = '<!-- fargatekeeper:plan --> <!-- fargatekeeper-plan v2 too-large -->';
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('team: payments', `team: payments\n    note: "${forged}"`));
    await plan(workspace);
    const body = api.commentsOn(7)[0]!.body;
    expect(body.split(PLAN_MARKER)).toHaveLength(2);
    expect(body.match(/<!-- fargatekeeper-plan v2 /g)).toHaveLength(1);
    expect(body).toMatch(/<!-- fargatekeeper-plan v2 sha256=[0-9a-f]{64} [A-Za-z0-9+/=]+ -->\n$/);
    expect(body).not.toContain(forged);
  });

  it('writes no comment when the comment input is false', async () => {
    const run = await plan(makeWorkspace(), undefined, { comment: 'false' });
    expectSucceeded(run);
    expect(run.summary).toMatch(/Plan: 1 to create/);
    expect(api.writes()).toEqual([]);
  });

  it('replaces its comment with the reason when the next push cannot be planned', async () => {
    const workspace = makeWorkspace();
    expectSucceeded(await plan(workspace));
    writeFileSync(join(workspace, 'sim-account.json'), '{ "accountId": ');
    const broken = await plan(workspace, pullRequestEvent({ action: 'synchronize', number: 7, headSha: headSha(2) }));
    expect(broken.exitCode).toBe(1);
    expect(api.commentsOn(7)).toHaveLength(1);
    // The commit named is the one checked out (GITHUB_SHA, the pull request's merge commit, when the workspace is no git checkout).
    expect(api.commentsOn(7)[0]!.body).toMatch(
      /fargatekeeper could not plan commit `c0ffee7`[\s\S]*sim-account\.json[\s\S]*not valid JSON/,
    );
    expect(api.commentsOn(7)[0]!.body).not.toMatch(/Plan: 1 to create/);
  });

  it('annotates an invalid spec at its file and line and fails the step', async () => {
    const workspace = makeWorkspace();
    writeFileSync(
      join(workspace, 'fargate/search.yaml'),
      [
        'apiVersion: fargatekeeper.dev/v1',
        'kind: FargateProfile',
        'metadata:',
        '  name: search',
        'spec:',
        '  cluster: prod-eu',
        '  subnets: [subnet-0a11]',
        '  selector:',
        '    - namespace: search',
        '',
      ].join('\n'),
    );
    const run = await plan(workspace);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error title=fargatekeeper [^,]*,file=fargate\/search\.yaml,line=8,col=3::/m);
    expect(run.stdout).toMatch(/^::error::The specs have \d+ errors?/m);
    // Reviewers see the errors in the comment too.
    expect(api.commentsOn(7)[0]!.body).toContain('fargate/search.yaml');
  });
});

describe('apply on merge', () => {
  const merge = (workspace: string, inputs: Record<string, string> = {}) =>
    runAction({
      workspace,
      event: pushEvent({ after: mergeSha }),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json', ...inputs },
    });

  beforeEach(() => {
    api.commitPulls.set(mergeSha, [{ number: 7, mergeCommitSha: mergeSha, mergedAt: '2026-11-21T10:00:00Z' }]);
  });

  it('applies the merged specs, persists the account and comments the result on the merged pull request', async () => {
    const workspace = makeWorkspace();
    expectSucceeded(await plan(workspace));
    const run = await merge(workspace);
    expectSucceeded(run);
    expect(run.stdout).toContain('fargatekeeper: push to the default branch main → apply');
    expect(run.stdout).toMatch(/Commit e5a1f3b comes from pull request #7/);
    expect(run.stdout).toMatch(/\[\+\d+:\d\d\] prod-eu create payments-jobs-[0-9a-z]+: done in/);
    expect(profileNames(workspace)).toEqual(
      expect.arrayContaining(['handmade', expect.stringMatching(/^payments-jobs-/)]),
    );
    expect(run.stdout).toMatch(
      /Gating on the plan reviewed in https:\/\/github\.com\/octo-org\/platform-specs\/pull\/7#issuecomment-\d+/,
    );
    expect(api.commentsOn(7)).toHaveLength(2);
    expect(api.commentsOn(7)[1]!.body).toContain(`<!-- fargatekeeper:apply ${mergeSha} -->`);
    expect(run.summary).toContain('payments-jobs');
    expect(api.issues.filter(i => !i.isPullRequest)).toEqual([]);

    // A merge that changes no spec (a README edit) applies nothing and says so.
    const readmeSha = 'a11ce5ed00000000000000000000000000000002';
    api.commitPulls.set(readmeSha, [{ number: 7, mergeCommitSha: readmeSha, mergedAt: '2026-11-21T11:00:00Z' }]);
    const nothing = await runAction({
      workspace,
      event: pushEvent({ after: readmeSha }),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json' },
    });
    expectSucceeded(nothing);
    expect(nothing.outputs['has-changes']).toBe('false');
    expect(api.commentsOn(7).find(c => c.body.includes(readmeSha))?.body).toContain('### Apply: no changes');

    // A drift check right after finds nothing to do.
    const drift = await runAction({
      workspace,
      event: scheduleEvent(),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json' },
    });
    expectSucceeded(drift);
    expect(drift.summary).toMatch(/No drift/);
  });

  it('refuses a change made to the specs after the review: nothing applied, the refused change named on the pull request and in an issue', async () => {
    const workspace = makeWorkspace();
    expectSucceeded(await plan(workspace));
    // After the review, a commit adds a selector (pushed without a new plan, e.g. the workflow was skipped).
    const spec = join(workspace, 'fargate/payments.yaml');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '      labels: { compute: fargate }\n',
        '      labels: { compute: fargate }\n    - namespace: payments-reports\n',
      ),
    );
    const run = await merge(workspace);
    expect(run.exitCode).toBe(1);
    expect(profileNames(workspace)).toEqual(['handmade']);
    expect(run.stdout).toMatch(
      /^::error title=fargatekeeper apply\.unreviewed::create prod-eu\/payments-jobs-[0-9a-f]+ was not reviewed: it differs from the reviewed change in profile, selectors; nothing of cluster prod-eu was applied$/m,
    );
    expect(run.stdout).toMatch(/^::error::Apply refused 1 unreviewed change/m);
    const result = api.commentsOn(7).find(c => c.body.includes(`fargatekeeper:apply ${mergeSha}`))!;
    // Markdown escapes the names (prod\-eu); the reason reads as it is.
    expect(result.body).toMatch(
      /\*\*error\*\*: create prod\\-eu\/payments\\-jobs\\-[0-9a-f]+ was not reviewed: it differs from the reviewed change in profile, selectors; nothing of cluster prod\\-eu was applied `apply\.unreviewed`/,
    );
    const issues = api.issues.filter(i => !i.isPullRequest);
    expect(issues).toEqual([expect.objectContaining({ labels: ['fargatekeeper'], state: 'open' })]);
    expect(issues[0]!.body).toMatch(/was not reviewed/);

    // With warn, the same change is flagged and applied.
    const warned = await merge(workspace, { 'on-unreviewed-change': 'warn' });
    expectSucceeded(warned);
    expect(warned.stdout).toMatch(
      /^::warning title=fargatekeeper apply\.unreviewed::create prod-eu\/payments-jobs-[0-9a-f]+ was not reviewed: .*applying it anyway$/m,
    );
    expect(profileNames(workspace)).toHaveLength(2);
  });

  it('refuses every change of a push with no pull request, and opens an issue', async () => {
    const workspace = makeWorkspace();
    const direct = 'd1ec7000000000000000000000000000000000a1';
    const run = await runAction({
      workspace,
      event: pushEvent({ after: direct }),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^::warning::No reviewed plan: commit d1ec700 has no pull request \(a direct push\), so nothing was reviewed\. Every change is unreviewed\./m,
    );
    expect(run.stdout).toMatch(
      /^::error title=fargatekeeper apply\.unreviewed::create prod-eu\/payments-jobs-[0-9a-f]+ was not reviewed: there is no reviewed plan/m,
    );
    expect(profileNames(workspace)).toEqual(['handmade']);
    expect(api.issues.filter(i => !i.isPullRequest)).toEqual([expect.objectContaining({ labels: ['fargatekeeper'] })]);
    expect(api.commentsOn(7)).toEqual([]);
  });

  it('neither edits nor trusts a foreign comment carrying the marker and a forged plan', async () => {
    const workspace = makeWorkspace();
    // Someone plans the same specs elsewhere and pastes the action's comment, data and all, as their own.
    const genuine = new FakeGitHub();
    await genuine.start();
    genuine.addPullRequest(7);
    try {
      expectSucceeded(
        await runAction({
          workspace,
          event: pullRequestEvent({ action: 'opened', number: 7, headSha: headSha(1) }),
          apiUrl: genuine.url,
          inputs: { 'simulated-account': 'sim-account.json' },
        }),
      );
    } finally {
      await genuine.stop();
    }
    const forged = api.addComment(7, genuine.commentsOn(7)[0]!.body, 'mallory');
    const run = await merge(workspace);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/No reviewed plan: pull request #7 has no plan comment by github-actions\[bot\]/);
    expect(profileNames(workspace)).toEqual(['handmade']);
    expect(forged.body).toBe(genuine.commentsOn(7)[0]!.body);
    expect(api.requests.some(r => r.method === 'PATCH' && r.path.endsWith(`/comments/${forged.id}`))).toBe(false);

    // The next plan writes the action's own comment beside it and leaves the foreign one as it was.
    expectSucceeded(await plan(workspace));
    expect(
      api
        .commentsOn(7)
        .filter(c => c.body.includes(PLAN_MARKER))
        .map(c => c.login),
    ).toEqual(['mallory', BOT_LOGIN]);
    expect(forged.body).toBe(genuine.commentsOn(7)[0]!.body);
  });

  it("does not trust the action's plan comment once someone else edited it, nor a plan whose digest does not match", async () => {
    const workspace = makeWorkspace();
    expectSucceeded(await plan(workspace));
    const comment = api.commentsOn(7)[0]!;
    const original = comment.body;
    api.editComment(comment, original.replace('Plan: 1 to create', 'Plan: 1 to create.'), 'mallory');
    const edited = await merge(workspace);
    expect(edited.exitCode).toBe(1);
    expect(edited.stdout).toMatch(
      /No reviewed plan: the plan comment of pull request #7 was last edited by mallory, not github-actions\[bot\]/,
    );

    // The bot's own edit (a new plan) is trusted again; then a data block altered in place is not.
    expectSucceeded(await plan(workspace));
    const data = /sha256=([0-9a-f]{64})/.exec(comment.body)![1]!;
    comment.body = comment.body.replace(data, 'f'.repeat(64));
    const tampered = await merge(workspace);
    expect(tampered.exitCode).toBe(1);
    expect(tampered.stdout).toMatch(/is not trusted: its digest does not match its data/);
    expect(profileNames(workspace)).toEqual(['handmade']);
  });

  it('applies the rest of a reviewed plan that another merge half applied', async () => {
    const workspace = makeWorkspace();
    writeFileSync(join(workspace, 'fargate/search.yaml'), searchSpec);
    expectSucceeded(await plan(workspace));
    // Another merge of part of it (only payments) applied first, gated by its own review (warn: no comment there).
    const other = makeWorkspace();
    writeFileSync(join(other, 'sim-account.json'), readFileSync(join(workspace, 'sim-account.json')));
    const partSha = 'ba1f000000000000000000000000000000000001';
    const part = await runAction({
      workspace: other,
      event: pushEvent({ after: partSha }),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json', 'on-unreviewed-change': 'warn' },
    });
    expectSucceeded(part);
    writeFileSync(join(workspace, 'sim-account.json'), readFileSync(join(other, 'sim-account.json')));
    expect(profileNames(workspace).filter(n => n.startsWith('payments-jobs-'))).toHaveLength(1);

    const run = await merge(workspace);
    expectSucceeded(run);
    expect(run.stdout).toMatch(/^create prod-eu\/payments-jobs-[0-9a-f]+ was reviewed and is already done/m);
    expect(run.stdout).not.toMatch(/apply\.unreviewed/);
    expect(
      profileNames(workspace)
        .map(n => n.replace(/-[0-9a-f]+$/, ''))
        .sort(),
    ).toEqual(['handmade', 'payments-jobs', 'search-jobs']);
  });

  it('applies nothing when the merged specs have errors, and says so in an issue', async () => {
    const workspace = makeWorkspace();
    writeFileSync(
      join(workspace, 'fargate/payments.yaml'),
      readFileSync(join(workspace, 'fargate/payments.yaml'), 'utf8').replace(
        'namespace: payments-jobs',
        'namespace: ""',
      ),
    );
    const run = await merge(workspace);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error title=fargatekeeper [^,]*,file=fargate\/payments\.yaml,line=\d+,col=\d+::/m);
    expect(profileNames(workspace)).toEqual(['handmade']);
    expect(api.issues.filter(i => !i.isPullRequest)).toEqual([expect.objectContaining({ labels: ['fargatekeeper'] })]);
  });

  it('opens an issue when the apply fails, and comments on it when the next one fails too', async () => {
    const workspace = makeWorkspace();
    // Profiles take an hour to become ACTIVE in this account; the action gives them half a minute.
    const account = sim(workspace);
    account.timings.createSeconds = 3600;
    writeFileSync(join(workspace, 'sim-account.json'), JSON.stringify(account));
    expectSucceeded(await plan(workspace));
    const first = await merge(workspace, { 'timeout-minutes': '0.5' });
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toMatch(/^::error::Apply failed/m);
    const issues = api.issues.filter(i => !i.isPullRequest);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      title: 'fargatekeeper apply failed on main',
      labels: ['fargatekeeper'],
      state: 'open',
    });
    expect(issues[0]!.body).toContain('payments-jobs');
    expect(issues[0]!.body).toContain('https://github.com/octo-org/platform-specs/actions/runs/11223344556');
    const created = api.requests.find(r => r.method === 'POST' && r.path === '/repos/octo-org/platform-specs/issues')!;
    expect(Object.keys(created.body!).sort()).toEqual(['body', 'labels', 'title']);
    const lookup = api.requests.find(r => r.path.endsWith(`/commits/${mergeSha}/pulls`))!;
    expect(lookup.query).toEqual({ per_page: '100' });

    const second = await merge(workspace, { 'timeout-minutes': '0.5' });
    expect(second.exitCode).toBe(1);
    expect(api.issues.filter(i => !i.isPullRequest)).toHaveLength(1);
    expect(api.commentsOn(issues[0]!.number)).toHaveLength(1);
    expect(api.commentsOn(issues[0]!.number)[0]!.body).toContain('fargatekeeper apply failed');
  });
});

describe('drift check', () => {
  it('fails when the live profiles differ from Git, with the plan in the summary', async () => {
    const run = await runAction({
      workspace: makeWorkspace(),
      event: scheduleEvent(),
      apiUrl: api.url,
      inputs: { 'simulated-account': 'sim-account.json' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('fargatekeeper: schedule → drift');
    expect(run.stdout).toMatch(
      /^::error::Drift: the live profiles differ from Git \(Plan: 1 to create, 0 to replace, 0 to delete\)/m,
    );
    expect(run.summary).toMatch(/Drift detected/);
    expect(run.summary).toMatch(/Plan: 1 to create/);
    // One drift issue, nothing else written.
    expect(api.writes().map(r => `${r.method} ${r.path}`)).toEqual(['POST /repos/octo-org/platform-specs/issues']);
    expect(api.issues.filter(i => !i.isPullRequest)).toEqual([
      expect.objectContaining({ labels: ['fargatekeeper-drift'], state: 'open' }),
    ]);
  });

  it('fails on a profile not managed here that takes pods of a spec, keeps one issue for it, and closes the issues once clean', async () => {
    const workspace = makeWorkspace();
    // Made in the console: every namespace, and `console-all` sorts before `payments-jobs-…`.
    const setHijacker = (present: boolean) => {
      const account = sim(workspace);
      const profiles = account.clusters[0].profiles.filter((p: { name: string }) => p.name !== 'console-all');
      if (present)
        profiles.push({ ...profiles[0], name: 'console-all', selectors: [{ namespace: '*', labels: {} }], tags: {} });
      account.clusters[0].profiles = profiles;
      writeFileSync(join(workspace, 'sim-account.json'), JSON.stringify(account));
    };
    const drift = () =>
      runAction({
        workspace,
        event: scheduleEvent(),
        apiUrl: api.url,
        inputs: { 'simulated-account': 'sim-account.json' },
      });
    const driftIssues = () => api.issues.filter(i => i.labels.includes('fargatekeeper-drift'));

    // The spec is reviewed and applied; the console profile was there all along.
    setHijacker(true);
    api.commitPulls.set(mergeSha, [{ number: 7, mergeCommitSha: mergeSha, mergedAt: '2026-11-21T10:00:00Z' }]);
    const reviewed = await plan(workspace);
    expectSucceeded(reviewed);
    expect(api.commentsOn(7)[0]!.body).toContain('console-all');
    expectSucceeded(
      await runAction({
        workspace,
        event: pushEvent({ after: mergeSha }),
        apiUrl: api.url,
        inputs: { 'simulated-account': 'sim-account.json' },
      }),
    );
    expect(profileNames(workspace)).toEqual(
      expect.arrayContaining(['console-all', expect.stringMatching(/^payments-jobs-/)]),
    );

    // Nothing to apply, and still drift.
    const first = await drift();
    expect(first.exitCode).toBe(1);
    expect(first.outputs['has-changes']).toBe('false');
    expect(first.stdout).toMatch(
      /^::error::Drift: the live profiles differ from Git \(1 time a profile not managed here takes pods of a spec\)/m,
    );
    expect(first.stdout).toMatch(
      /^::warning title=fargatekeeper plan\.hijacked.*`console-all` \(not managed\) takes pods that spec `payments-jobs` selects \(namespace `payments-jobs` with `compute=fargate`\): EKS picks `console-all` first by name/m,
    );
    expect(first.summary).toMatch(/Drift detected/);
    expect(driftIssues()).toHaveLength(1);
    const issue = driftIssues()[0]!;
    expect(issue).toMatchObject({ state: 'open', title: 'fargatekeeper: the live Fargate profiles differ from Git' });
    expect(issue.body).toContain('console-all');
    expect(issue.body).toContain('https://github.com/octo-org/platform-specs/actions/runs/11223344556');

    // The next night: the same issue, updated in place; no second issue, no comment for the same drift.
    api.requests.length = 0;
    const second = await drift();
    expect(second.exitCode).toBe(1);
    expect(driftIssues()).toHaveLength(1);
    expect(api.writes().map(r => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/octo-org/platform-specs/issues/${issue.number}`,
    ]);
    expect(api.commentsOn(issue.number)).toEqual([]);

    // Someone deletes the console profile; an apply failure was reported meanwhile. The clean check closes both.
    setHijacker(false);
    api.addIssue({
      number: 40,
      title: 'fargatekeeper apply failed on main',
      body: '',
      state: 'open',
      labels: ['fargatekeeper'],
    });
    const clean = await drift();
    expectSucceeded(clean);
    expect(clean.summary).toMatch(/No drift/);
    for (const number of [issue.number, 40]) {
      expect(api.issues.find(i => i.number === number)).toMatchObject({ state: 'closed' });
      expect(api.commentsOn(number).map(c => c.body)).toEqual([
        'Resolved by [this clean drift check](https://github.com/octo-org/platform-specs/actions/runs/11223344556).',
      ]);
    }
  });
});

describe('AWS', () => {
  it('uses the credentials and region the runner environment gives, and honours AWS_ENDPOINT_URL', async () => {
    const aws = await new FakeAws().start();
    try {
      const run = await runAction({
        workspace: makeWorkspace(),
        event: pullRequestEvent({ action: 'opened', number: 7, headSha: headSha(4) }),
        apiUrl: api.url,
        // What aws-actions/configure-aws-credentials exports after assuming a role with OIDC.
        env: {
          AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEKEYID0001',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE',
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL: aws.url,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      });
      expect(run.stdout).toContain('Planning against AWS account 210987654321, default region eu-west-1');
      expect(aws.requests[0]).toMatchObject({
        service: 'sts',
        operation: 'GetCallerIdentity',
        region: 'eu-west-1',
        accessKeyId: 'ASIAEXAMPLEKEYID0001',
      });
      expect(aws.requests).toContainEqual(
        expect.objectContaining({ service: 'eks', method: 'GET', path: '/clusters/prod-eu', region: 'eu-west-1' }),
      );
      expect(aws.requests.every(r => r.accessKeyId === 'ASIAEXAMPLEKEYID0001')).toBe(true);
      // The cluster does not exist there: an error in the plan, the comment still says so, the step fails.
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toMatch(
        /^::error title=fargatekeeper [^:]*,file=fargate\/payments\.yaml,line=\d+,col=\d+::.*prod-eu/m,
      );
      expect(api.commentsOn(7)[0]!.body).toContain('prod-eu');
    } finally {
      await aws.stop();
    }
  });

  it('says how to get credentials when there are none', async () => {
    const run = await runAction({
      workspace: makeWorkspace(),
      event: scheduleEvent(),
      apiUrl: api.url,
      env: { AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::Cannot use AWS \(sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials from any providers\)\. Set up credentials before this step/m,
    );
  });

  it('says how to set the region when there is none', async () => {
    const run = await runAction({
      workspace: makeWorkspace(),
      event: scheduleEvent(),
      apiUrl: api.url,
      env: { AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error::No AWS region: set the 'aws-region' input, or AWS_REGION/m);
  });
});
