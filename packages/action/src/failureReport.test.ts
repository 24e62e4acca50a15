import type { ApplyResult } from '@fargatekeeper/core';
import { operations, planWith } from './__fixtures__/operations';
import type { RunContext } from './context';
import { failureIssueBody, failureIssueTitle, failureLines } from './failureReport';

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
    const body = failureIssueBody(context, {
      error: new Error('Could not load credentials from any providers ```<img src=x>'),
      planMarkdown: 'PLAN',
    });
    expect(body).toContain('````text\nError: Could not load credentials from any providers ```<img src=x>\n````');
    expect(body).toContain(
      '[`e5a1f3b`](https://github.com/octo-org/platform-specs/commit/e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1)',
    );
    expect(body).toContain('[The workflow run](https://github.com/octo-org/platform-specs/actions/runs/42)');
    expect(body).toContain('<details><summary>Plan</summary>\n\nPLAN\n</details>');
  });

  it("lists apply's errors, then each operation it skipped by cluster, operation and subject", () => {
    const plan = planWith(operations.replace, operations['delete-role']);
    const outcome = { durationMs: 0, errors: [], steps: [] };
    const result: ApplyResult = {
      plan,
      fingerprint: { actual: plan.fingerprint, matched: true },
      outcomes: [
        {
          ...outcome,
          operation: operations.replace,
          status: 'failed',
          errors: ['timed out after 15:00 waiting for ACTIVE'],
        },
        {
          ...outcome,
          operation: operations['delete-role'],
          status: 'skipped',
          reason: 'an earlier operation of the cluster failed',
        },
      ],
      diagnostics: [
        {
          severity: 'error',
          code: 'apply.failed',
          message: 'payments-jobs-2b: timed out after 15:00 waiting for ACTIVE',
          cluster: 'prod-eu',
        },
      ],
      summary: { succeeded: 0, failed: 1, skipped: 1 },
      durationMs: 905_000,
      ok: false,
    };
    expect(failureLines({ result, planMarkdown: '' })).toEqual([
      'payments-jobs-2b: timed out after 15:00 waiting for ACTIVE',
      'prod-eu delete-role fk-prod-eu-old-batch-1a2b3c skipped: an earlier operation of the cluster failed',
    ]);
  });
});
