import { mdFence, type ApplyResult } from '@fargatekeeper/core';
import type { RunContext } from './context';
import { operationSubject } from './operationSubject';

export interface ApplyFailure {
  /** An exception that stopped the run (unreadable specs, no credentials, ...). */
  error?: unknown;
  /** The result of an apply that ran but did not fully succeed. */
  result?: ApplyResult;
  resultMarkdown?: string;
  /** The plan that was being applied, when one was made. */
  planMarkdown: string;
}

export const failureIssueTitle = (context: RunContext): string => {
  const branch = context.ref.replace(/^refs\/heads\//, '');
  return `fargatekeeper apply failed on ${branch || 'the default branch'}`;
};

/** What went wrong, in plain lines: apply's errors and each skipped operation, or the exception's message. */
export function failureLines(failure: ApplyFailure): string[] {
  if (failure.result) {
    const errors = failure.result.diagnostics.filter(d => d.severity === 'error').map(d => d.message);
    const skipped = failure.result.outcomes
      .filter(o => o.status === 'skipped')
      .map(o => `${operationSubject(o.operation)} skipped${o.reason ? `: ${o.reason}` : ''}`);
    return [...errors, ...skipped];
  }
  const error = failure.error;
  return [error instanceof Error ? `${error.name}: ${error.message}` : String(error)];
}

/** The body of the failure issue (or of the comment on an open one): run link, error, result and plan. */
export function failureIssueBody(context: RunContext, failure: ApplyFailure): string {
  const run = context.runId
    ? `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`
    : undefined;
  const commit = `${context.serverUrl}/${context.owner}/${context.repo}/commit/${context.sha}`;
  const parts = [
    `### fargatekeeper apply failed · commit [\`${context.sha.slice(0, 7)}\`](${commit})`,
    run ? `[The workflow run](${run}) has the full log.` : '',
    mdFence(failureLines(failure).join('\n'), 'text'),
  ];
  if (failure.resultMarkdown)
    parts.push(`<details><summary>Apply result</summary>\n\n${failure.resultMarkdown}\n</details>`);
  if (failure.planMarkdown) parts.push(`<details><summary>Plan</summary>\n\n${failure.planMarkdown}\n</details>`);
  parts.push(
    '<sub>Re-run the workflow once the cause is fixed: apply picks up where it stopped. Close this issue when done; the next failure opens a new one.</sub>',
  );
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}
