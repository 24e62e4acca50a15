import { createServer, type Server } from 'node:net';
import type { CallPolicy } from '@fargatekeeper/core';
import { failures, FakeGitHub } from '../test/fakeGitHub';
import { findMarkedComment, upsertStickyComment } from './comment';
import { createGitHubClient } from './github';
import { GitHubCallError } from './githubErrors';
import { findMergedPullRequest } from './pullRequests';

/**
 * The action's GitHub client against the local stand-in: what is retried (5xx, network errors, no
 * answer in time), what is waited out (rate limits within one attempt's timeout) and what fails at
 * once, with a message that names the call. Short policies keep every case within a few seconds.
 */
const sha = 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1';
const pullsOfCommit = new RegExp(`/commits/${sha}/pulls$`);
const marker = '<!-- fargatekeeper:plan -->';

let api: FakeGitHub;
let log: string[];
let write: typeof process.stdout.write;
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.addPullRequest(7);
  api.commitPulls.set(sha, [{ number: 7, mergedAt: '2026-11-21T10:00:00Z', mergeCommitSha: sha }]);
  // core.info writes to stdout: keep what the client logs (its waits) for the tests to read.
  log = [];
  write = process.stdout.write;
  process.stdout.write = ((chunk: string) => log.push(String(chunk)) > 0) as typeof process.stdout.write;
});
afterEach(async () => {
  process.stdout.write = write;
  await api.stop();
});

const repository = () => ({ owner: api.owner, repo: api.repo });
const github = (policy: CallPolicy = { timeoutMs: 5_000, attempts: 3 }, url = api.url) =>
  createGitHubClient('ghs_test', url, policy);
const pullsRequests = () => api.requests.filter(r => pullsOfCommit.test(r.path));

async function failure(call: Promise<unknown>): Promise<GitHubCallError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubCallError);
  return error as GitHubCallError;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

describe('retries', () => {
  it('retries a 502 once and succeeds', async () => {
    api.script('GET', pullsOfCommit, failures.badGateway());
    expect(await findMergedPullRequest(await github(), repository(), sha)).toMatchObject({ number: 7 });
    expect(pullsRequests()).toHaveLength(2);
  });

  it('gives up after the policy’s attempts, saying what GitHub answered and how often it was asked', async () => {
    api.script('GET', pullsOfCommit, failures.badGateway(), failures.badGateway(), failures.badGateway());
    const error = await failure(
      findMergedPullRequest(await github({ timeoutMs: 5_000, attempts: 2 }), repository(), sha),
    );
    expect(error.message).toBe(
      `GitHub: looking up the pull request of commit ${sha.slice(0, 7)} failed: GitHub answered 502 Bad Gateway (2 attempts); ` +
        'GitHub is having trouble (https://www.githubstatus.com); re-run the job, and if this persists raise the `call-timeout` or `call-attempts` inputs',
    );
    expect(pullsRequests()).toHaveLength(2);
  });

  it('retries when nothing listens, and says it got no answer', async () => {
    const closed = await unusedPort();
    const error = await failure(
      findMergedPullRequest(
        await github({ timeoutMs: 5_000, attempts: 2 }, `http://127.0.0.1:${closed}`),
        repository(),
        sha,
      ),
    );
    expect(error.failure).toBe('unavailable');
    expect(error.message).toMatch(
      /^GitHub: looking up the pull request of commit e5a1f3b failed: no answer \(.*ECONNREFUSED.*\) \(2 attempts\); check that GITHUB_API_URL is reachable/,
    );
  });

  it('bounds each attempt: a server that accepts and never answers fails the call within timeout × attempts', async () => {
    api.script('GET', pullsOfCommit, 'hang', 'hang');
    const policy = { timeoutMs: 300, attempts: 2 };
    const { result: error, ms } = await timed(async () =>
      failure(findMergedPullRequest(await github(policy), repository(), sha)),
    );
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(
      /^GitHub: looking up the pull request of commit e5a1f3b failed: timed out after 300 ms \(2 attempts\); GitHub or the network is slow/,
    );
    expect(pullsRequests()).toHaveLength(2);
    // Two attempts of 300 ms and the retry plugin's 1 s pause between them, plus a margin.
    expect(ms).toBeLessThan(policy.timeoutMs * policy.attempts + 1_000 + 1_000);
  });
});

describe('rate limits', () => {
  it('waits out a secondary rate limit (429, retry-after 1) and succeeds', async () => {
    api.script('GET', pullsOfCommit, failures.secondaryRateLimit(1));
    const { result, ms } = await timed(async () => findMergedPullRequest(await github(), repository(), sha));
    expect(result).toMatchObject({ number: 7 });
    expect(ms).toBeGreaterThanOrEqual(1_000);
    expect(pullsRequests()).toHaveLength(2);
    expect(log.join('')).toContain(
      'GitHub: secondary rate limit reached on GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls; waiting 1 s, then retrying (1 of 2)',
    );
  });

  it('waits for a used-up rate limit that resets within one attempt’s timeout', async () => {
    api.script('GET', pullsOfCommit, failures.rateLimit(1));
    expect(await findMergedPullRequest(await github(), repository(), sha)).toMatchObject({ number: 7 });
    expect(pullsRequests()).toHaveLength(2);
  });

  it('fails at once on a used-up rate limit that resets later, saying rate limit and when it resets', async () => {
    api.script('GET', pullsOfCommit, failures.rateLimit(3600));
    const { result: error, ms } = await timed(async () =>
      failure(findMergedPullRequest(await github(), repository(), sha)),
    );
    expect(error.failure).toBe('rate-limit');
    expect(error.message).toMatch(
      /^GitHub: looking up the pull request of commit e5a1f3b failed: the token's API rate limit is used up \(403 API rate limit exceeded for installation ID 1234567\.; it resets at \d\d:\d\d UTC, in 60 min\); re-run the job after the reset/,
    );
    expect(error.message).not.toMatch(/permission/);
    expect(pullsRequests()).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });

  it('does not wait longer than one attempt’s timeout for a secondary rate limit', async () => {
    api.script('GET', pullsOfCommit, failures.secondaryRateLimit(60, 403));
    const error = await failure(findMergedPullRequest(await github(), repository(), sha));
    expect(error.failure).toBe('rate-limit');
    expect(error.message).toContain(
      "failed: GitHub's secondary rate limit stopped it (403 You have exceeded a secondary rate limit.",
    );
    expect(pullsRequests()).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('says which permission a 403 lacks, not rate limit', async () => {
    api.script('POST', /\/issues\/7\/comments$/, failures.forbidden('issues=write; pull_requests=write'));
    const error = await failure(
      upsertStickyComment(
        await github(),
        { ...repository(), issueNumber: 7, author: 'github-actions[bot]' },
        marker,
        'plan',
        'plan comment',
      ),
    );
    expect(error).toMatchObject({ failure: 'permission', status: 403 });
    expect(error.message).toBe(
      'GitHub: creating the plan comment on pull request #7 failed: the token lacks a permission (403 Resource not accessible by integration); ' +
        "add `pull-requests: write` or `issues: write` to the workflow's `permissions:`",
    );
    expect(api.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  it('names the permission the call needs when GitHub does not say', async () => {
    api.script('GET', /\/issues\/7\/comments$/, {
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const error = await failure(
      findMarkedComment(await github(), { ...repository(), issueNumber: 7, author: 'github-actions[bot]' }, marker),
    );
    expect(error.message).toContain("add `pull-requests: read` to the workflow's `permissions:`");
  });

  it('says for a 404 which call it was and what is likely wrong', async () => {
    const error = await failure(
      findMarkedComment(await github(), { ...repository(), issueNumber: 8, author: 'github-actions[bot]' }, marker),
    );
    expect(error).toMatchObject({ failure: 'not-found', status: 404 });
    expect(error.message).toBe(
      'GitHub: reading the comments of pull request #8 failed: GitHub answered 404 Not Found; pull request #8 does not exist in octo-org/platform-specs, ' +
        'or the token cannot see the repository (GitHub answers 404 rather than 403 then: it needs `pull-requests: read`)',
    );
    expect(api.requests).toHaveLength(1);
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
