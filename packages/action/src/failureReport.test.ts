import type { RunContext } from './context';
import { failureIssueBody, failureIssueTitle } from './failureReport';

const context: RunContext = {
  eventName: 'push',
  payload: {},
  owner: 'octo-org',
  repo: 'platform-specs',
  sha: 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1',
  ref: 'refs/heads/main',
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  runId: '42',
  workspace: '/w',
  tempDir: '/t',
};

describe('failure issue', () => {
  it('names the branch in the title', () => {
    expect(failureIssueTitle(context)).toBe('fargatekeeper apply failed on main');
  });

  it('puts the error in a code block that backticks in the message cannot close', () => {
    const body = failureIssueBody(context, { error: new Error('Could not load credentials from any providers ```<img src=x>'), planMarkdown: 'PLAN' });
    expect(body).toContain('````text\nError: Could not load credentials from any providers ```<img src=x>\n````');
    expect(body).toContain('[`e5a1f3b`](https://github.com/octo-org/platform-specs/commit/e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1)');
    expect(body).toContain('[The workflow run](https://github.com/octo-org/platform-specs/actions/runs/42)');
    expect(body).toContain('<details><summary>Plan</summary>\n\nPLAN\n</details>');
  });
});
