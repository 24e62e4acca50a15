import { describeGitHubError, gitHubCall, GitHubCallError } from './githubErrors';

const call = {
  doing: 'creating the plan comment on pull request #7',
  permission: 'pull-requests: write',
  notFound: 'pull request #7 does not exist in octo-org/platform-specs',
};
/** Shaped like Octokit's RequestError for an answer GitHub gave. */
const answered = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
    status,
    request: { method: 'POST', url: '/x', headers: {} },
    response: { status, headers, data: { message } },
  });

describe('describeGitHubError', () => {
  it('tells a refused token from a missing permission', () => {
    const error = describeGitHubError(call, answered(401, 'Bad credentials'));
    expect(error).toMatchObject({ failure: 'authentication', status: 401 });
    expect(error.message).toBe(
      "GitHub: creating the plan comment on pull request #7 failed: the token was refused (401 Bad credentials); check the 'github-token' input (its default, `${{ github.token }}`, works; a personal token may have expired)",
    );
  });

  it('takes a secondary rate limit answered with 403 for a rate limit, not a permission', () => {
    const error = describeGitHubError(
      call,
      answered(403, 'You have exceeded a secondary rate limit. Please wait a few minutes.', { 'retry-after': '60' }),
    );
    expect(error.failure).toBe('rate-limit');
    expect(error.message).toContain(
      "GitHub's secondary rate limit stopped it (403 You have exceeded a secondary rate limit. Please wait a few minutes., retry after 60 s)",
    );
  });

  it('gives the reset time of a used-up limit in UTC and minutes from now', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const reset = String(now / 1000 + 25 * 60);
    const error = describeGitHubError(
      call,
      answered(429, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }),
      now,
    );
    expect(error.message).toContain('(429 API rate limit exceeded; it resets at 12:25 UTC, in 25 min)');
  });

  it('passes on GitHub’s refusal of the content as it is', () => {
    const error = describeGitHubError(call, answered(422, 'Validation Failed'));
    expect(error).toMatchObject({
      failure: 'refused',
      message:
        "GitHub: creating the plan comment on pull request #7 failed: GitHub refused it (422 Validation Failed); GitHub's message says what it did not accept",
    });
  });
});

describe('gitHubCall', () => {
  it('leaves errors that are not GitHub’s as they are', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'find')");
    await expect(gitHubCall(call, () => Promise.reject(bug))).rejects.toBe(bug);
  });

  it('describes a GitHub error once, however many calls it passes through', async () => {
    const inner = gitHubCall(call, () => Promise.reject(answered(404, 'Not Found')));
    const outer = gitHubCall({ ...call, doing: 'something else' }, () => inner);
    const error = await outer.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubCallError);
    expect((error as Error).message).toMatch(
      /^GitHub: creating the plan comment on pull request #7 failed: GitHub answered 404 Not Found; pull request #7 does not exist/,
    );
  });
});
