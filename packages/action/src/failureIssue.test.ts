import { FakeGitHub } from '../test/fakeGitHub';
import { FAILURE_LABEL, reportFailure } from './failureIssue';
import { createGitHubClient } from './github';
import { findMergedPullRequest } from './pullRequests';

let api: FakeGitHub;
beforeEach(async () => {
  api = await new FakeGitHub().start();
});
afterEach(() => api.stop());
const github = () => createGitHubClient('ghs_test', api.url);
const repository = () => ({ owner: api.owner, repo: api.repo });

describe('reportFailure', () => {
  it('opens a labelled issue, then comments on it while it is open', async () => {
    const first = await reportFailure(await github(), repository(), 'fargatekeeper apply failed on main', 'first');
    expect(first).toMatchObject({
      action: 'opened',
      number: 1,
      url: 'https://github.com/octo-org/platform-specs/issues/1',
    });
    expect(api.issues).toEqual([
      expect.objectContaining({ title: 'fargatekeeper apply failed on main', body: 'first', labels: [FAILURE_LABEL] }),
    ]);

    const second = await reportFailure(await github(), repository(), 'fargatekeeper apply failed on main', 'second');
    expect(second).toMatchObject({ action: 'commented', number: 1 });
    expect(api.commentsOn(1).map(c => c.body)).toEqual(['second']);
    expect(api.requests.find(r => r.method === 'GET')?.query).toMatchObject({ labels: 'fargatekeeper', state: 'open' });
  });

  it('opens a new issue once the previous one is closed, and ignores labelled pull requests', async () => {
    api.addIssue({ number: 3, title: 'old failure', body: '', state: 'closed', labels: [FAILURE_LABEL] });
    api.addPullRequest(4);
    api.issues.find(i => i.number === 4)!.labels.push(FAILURE_LABEL);
    const report = await reportFailure(await github(), repository(), 'fargatekeeper apply failed on main', 'again');
    expect(report).toMatchObject({ action: 'opened', number: 5 });
    expect(api.commentsOn(3)).toEqual([]);
    expect(api.commentsOn(4)).toEqual([]);
  });
});

describe('findMergedPullRequest', () => {
  const sha = 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1';

  it('picks the pull request merged as this commit', async () => {
    api.commitPulls.set(sha, [
      { number: 5, state: 'open' },
      { number: 6, mergedAt: '2026-11-20T10:00:00Z', mergeCommitSha: 'f'.repeat(40) },
      { number: 7, mergedAt: '2026-11-21T10:00:00Z', mergeCommitSha: sha },
    ]);
    expect(await findMergedPullRequest(await github(), repository(), sha)).toEqual({
      number: 7,
      url: 'https://github.com/octo-org/platform-specs/pull/7',
    });
    expect(api.requests[0]).toMatchObject({
      method: 'GET',
      path: `/repos/octo-org/platform-specs/commits/${sha}/pulls`,
    });
  });

  it('finds none for a direct push', async () => {
    expect(await findMergedPullRequest(await github(), repository(), sha)).toBeUndefined();
  });
});
