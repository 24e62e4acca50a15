import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failures, FakeGitHub } from '../test/fakeGitHub';
import { pullRequestEvent, pushEvent } from '../test/fixtures/events';
import { runInProcess } from '../test/runInProcess';

describe('run', () => {
  let api: FakeGitHub;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
  });
  afterEach(() => api.stop());
  const push = pushEvent({ after: 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1' });

  it('fails the step, naming the input, when an input is wrong', async () => {
    const result = await runInProcess(push, { mode: 'destroy' }, api.url);
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error::Input 'mode' must be one of auto, plan, apply, drift (got 'destroy')");
    expect(api.requests).toEqual([]);
  });

  it('plans instead of applying when the mode input says so, touching neither AWS nor GitHub', async () => {
    const result = await runInProcess(
      push,
      { mode: 'plan', 'simulated-account': '$WORKSPACE/sim-account.json' },
      api.url,
    );
    expect(result.exitCode).toBeUndefined();
    expect(result.log).toContain("fargatekeeper: mode input 'plan'");
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', creates: '1' });
    expect(result.summary).toContain('Plan: 1 to create');
    // The links in the plan point at the spec in the repository at the planned commit.
    expect(result.summary).toContain(
      'https://github.com/octo-org/platform-specs/blob/e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1/fargate/payments.yaml#L2',
    );
    expect(api.requests).toEqual([]);
  });

  it('says which input to fix when the specs folder is missing', async () => {
    const result = await runInProcess(
      push,
      { mode: 'plan', specs: 'infra/fargate', 'simulated-account': '$WORKSPACE/sim-account.json' },
      api.url,
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(
      /::error title=fargatekeeper spec.folder-missing::specs folder `[^`]*infra\/fargate` does not exist%0AHint: set the 'specs' input/,
    );
    expect(result.log).toContain('::error::The specs have 1 error');
  });

  it('points at the simulated account file when it is broken', async () => {
    const result = await runInProcess(
      push,
      { mode: 'drift', 'simulated-account': '$WORKSPACE/fargate/payments.yaml' },
      api.url,
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::.*fargate\/payments\.yaml.*not valid JSON/);
    expect(result.summary).toMatch(/^### fargatekeeper failed\n\n```text\n.*fargate\/payments\.yaml.*not valid JSON/);
  });
});

describe('run against a GitHub that fails', () => {
  let api: FakeGitHub;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
    api.addPullRequest(7);
  });
  afterEach(() => api.stop());
  const opened = pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) });
  const plan = () => runInProcess(opened, { 'simulated-account': '$WORKSPACE/sim-account.json' }, api.url);
  const commentPosts = () => api.requests.filter(r => r.method === 'POST' && r.path.endsWith('/issues/7/comments'));

  it('retries a 502 and the plan job succeeds', async () => {
    api.script('POST', /\/issues\/7\/comments$/, failures.badGateway());
    const result = await plan();
    expect(result.exitCode).toBeUndefined();
    expect(commentPosts()).toHaveLength(2);
    expect(api.commentsOn(7)).toHaveLength(1);
    expect(result.outputs['comment-url']).toBe(
      `https://github.com/octo-org/platform-specs/pull/7#issuecomment-${api.commentsOn(7)[0]!.id}`,
    );
  });

  it('fails the job on a rate limit, saying rate limit and naming the call', async () => {
    api.script('POST', /\/issues\/7\/comments$/, failures.rateLimit(3600));
    const result = await plan();
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(
      /::error::GitHub: creating the plan comment on pull request #7 failed: the token's API rate limit is used up \(403 /,
    );
    expect(result.log).not.toMatch(/permission/);
    expect(commentPosts()).toHaveLength(1);
  });

  it('fails the job within call-timeout × call-attempts, naming the call, when GitHub never answers', async () => {
    api.script('POST', /\/issues\/7\/comments$/, 'hang', 'hang');
    const started = Date.now();
    const result = await runInProcess(
      opened,
      { 'simulated-account': '$WORKSPACE/sim-account.json', 'call-timeout': '300ms', 'call-attempts': '2' },
      api.url,
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(
      /::error::GitHub: creating the plan comment on pull request #7 failed: timed out after 300 ms \(2 attempts\); GitHub or the network is slow/,
    );
    expect(commentPosts()).toHaveLength(2);
    // Two attempts of 300 ms and the retry plugin's 1 s pause between them, plus a margin.
    expect(Date.now() - started).toBeLessThan(300 * 2 + 1_000 + 1_500);
  });

  it('only notes a token that may not comment, naming the permission, and succeeds', async () => {
    api.readOnly = true;
    const result = await plan();
    expect(result.exitCode).toBeUndefined();
    expect(result.log).toContain(
      "::notice::GitHub: creating the plan comment on pull request #7 failed: the token lacks a permission (403 Resource not accessible by integration); add `pull-requests: write` or `issues: write` to the workflow's `permissions:`. The plan is in the job summary.",
    );
    expect(result.summary).toMatch(/Plan: 1 to create/);
  });
});

describe('run with a specs folder that links outside itself', () => {
  let api: FakeGitHub;
  let outside: string;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
    outside = mkdtempSync(join(tmpdir(), 'fk-outside-'));
  });
  afterEach(async () => {
    await api.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  it('puts nothing of the link target into annotations, the log or the summary', async () => {
    const secret = 'AKIAIOSFODNN7EXAMPLE-wJalrXUtnFEMI-K7MDENG';
    writeFileSync(join(outside, 'credentials'), `apiVersion: ${secret}\nkind: ${secret}\n`);
    mkdirSync(join(outside, 'specs'));
    writeFileSync(
      join(outside, 'specs/web.yaml'),
      readFileSync(join(__dirname, '../test/fixtures/repo/fargate/payments.yaml'), 'utf8'),
    );
    symlinkSync(join(outside, 'credentials'), join(outside, 'specs/creds.yaml'));
    const result = await runInProcess(
      pushEvent({ after: 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1' }),
      { mode: 'plan', specs: join(outside, 'specs'), 'simulated-account': '$WORKSPACE/sim-account.json' },
      api.url,
    );
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(
      /::error title=fargatekeeper spec.link-outside,file=[^:]*specs\/creds.yaml,line=1,col=1::`[^`]*specs\/creds.yaml` is a symbolic link to a place outside the specs folder: not read/,
    );
    expect(result.log + result.summary + JSON.stringify(result.outputs)).not.toContain(secret);
  });
});
