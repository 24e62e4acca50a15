import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isForkPullRequest, readRunContext } from './context';
import { pullRequestEvent } from '../test/fixtures/events';

describe('readRunContext', () => {
  it('reads the runner variables and the event payload file', () => {
    const event = pullRequestEvent({ action: 'opened', number: 7, headSha: 'a'.repeat(40) });
    const file = join(mkdtempSync(join(tmpdir(), 'fk-ctx-')), 'event.json');
    writeFileSync(file, JSON.stringify(event.payload));
    const context = readRunContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: file,
      GITHUB_REPOSITORY: 'octo-org/platform-specs',
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      GITHUB_WORKSPACE: '/home/runner/work/platform-specs/platform-specs',
      RUNNER_TEMP: '/home/runner/work/_temp',
    });
    expect(context).toMatchObject({
      eventName: 'pull_request',
      owner: 'octo-org',
      repo: 'platform-specs',
      ref: 'refs/pull/7/merge',
      apiUrl: 'https://ghe.example.com/api/v3',
      serverUrl: 'https://github.com',
      tempDir: '/home/runner/work/_temp',
    });
    expect(context.payload.pull_request?.head.sha).toBe('a'.repeat(40));
  });

  it('says what is missing outside a runner', () => {
    expect(() => readRunContext({})).toThrow("GITHUB_REPOSITORY is not set (expected 'owner/repo')");
    expect(() => readRunContext({ GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow(
      'GITHUB_EVENT_PATH points at /nonexistent/event.json, which does not exist',
    );
  });
});

describe('isForkPullRequest', () => {
  const pr = (headRepo?: string) =>
    pullRequestEvent({ action: 'opened', number: 7, headSha: 'a'.repeat(40), headRepo }).payload.pull_request as never;
  it('compares the head repository with the base repository', () => {
    expect(isForkPullRequest(pr())).toBe(false);
    expect(isForkPullRequest(pr('mona/platform-specs'))).toBe(true);
  });
  it('treats a deleted head repository as a fork', () => {
    const deleted = pr('mona/platform-specs') as { head: { repo: unknown } };
    deleted.head.repo = null;
    expect(isForkPullRequest(deleted as never)).toBe(true);
  });
});
