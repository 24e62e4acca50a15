import * as core from '@actions/core';
import { apply, renderApplyResult, summaryLine, type ApplyResult, type ApplyTimeouts } from '@fargatekeeper/core';
import { openAccount } from './account';
import { ApplyLog } from './applyLog';
import { findMarkedComment, upsertStickyComment } from './comment';
import { repositoryOf, type RunContext } from './context';
import { reportFailure } from './failureIssue';
import { failureIssueBody, failureIssueTitle } from './failureReport';
import type { GitHubClient } from './github';
import type { ActionInputs } from './inputs';
import { applyMarkerFor, PLAN_COMMENT_MARKER, reviewedFingerprintOf } from './planComment';
import { planSpecs } from './planning';
import { findMergedPullRequest, type MergedPullRequest } from './pullRequests';
import { publishPlan } from './publishPlan';
import { writeSummary } from './summary';

/**
 * Apply mode (a push to the default branch, i.e. a merge): plan against fresh state, apply with
 * progress in the log, then the result in the summary and on the merged pull request. A failed
 * apply fails the step and is reported in an issue labelled `fargatekeeper`.
 */
export async function runApply(inputs: ActionInputs, context: RunContext, github: GitHubClient | undefined): Promise<void> {
  let planMarkdown = '';
  let result: ApplyResult | undefined;
  const pullRequest = await mergedPullRequest(context, github);
  try {
    const opened = await openAccount(inputs, context);
    const { plan } = await planSpecs(inputs, context, opened);
    // Embedded in the summary and failure issues; it has no plan comment marker (only the plan comment gets one).
    planMarkdown = await publishPlan(plan, context, { commit: context.sha, mode: 'apply' });
    const expectedFingerprint = await reviewedFingerprint(context, github, pullRequest);

    const log = new ApplyLog({ info: core.info, warning: core.warning, error: core.error });
    core.startGroup(`Apply · ${summaryLine(plan)}`);
    try {
      result = await apply(plan, opened.account, {
        clock: opened.clock,
        onEvent: log.onEvent,
        expectedFingerprint,
        timeouts: timeoutsFrom(inputs),
      });
    } finally {
      core.endGroup();
      // Whatever happened to the profiles happened: keep the simulated account's file in step.
      if (opened.kind === 'simulated') await opened.save();
    }
  } catch (error) {
    await reportApplyFailure(context, github, { error, planMarkdown });
    throw error;
  }

  const resultMarkdown = `${renderApplyResult(result, { format: 'markdown' }).trimEnd()}\n\n${footer(context)}\n`;
  await writeSummary(`${resultMarkdown}\n\n<details><summary>Plan</summary>\n\n${planMarkdown}\n</details>\n`);
  await commentResult(inputs, context, github, pullRequest, resultMarkdown);
  if (!result.ok) {
    await reportApplyFailure(context, github, { result, planMarkdown, resultMarkdown });
    const { failed, skipped } = result.summary;
    core.setFailed(`Apply failed: ${failed} operation${failed === 1 ? '' : 's'} failed, ${skipped} skipped; see the log and the job summary`);
  }
}

/** Which commit was applied, and where the log is. */
function footer(context: RunContext): string {
  const repo = `${context.serverUrl}/${context.owner}/${context.repo}`;
  const run = context.runId ? ` · [workflow run](${repo}/actions/runs/${context.runId})` : '';
  return `<sub>fargatekeeper apply of commit [\`${context.sha.slice(0, 7)}\`](${repo}/commit/${context.sha})${run}</sub>`;
}

function timeoutsFrom(inputs: ActionInputs): Partial<ApplyTimeouts> | undefined {
  if (inputs.timeoutMinutes === undefined) return undefined;
  const ms = Math.round(inputs.timeoutMinutes * 60_000);
  return { createMs: ms, deleteMs: ms };
}

async function mergedPullRequest(context: RunContext, github: GitHubClient | undefined): Promise<MergedPullRequest | undefined> {
  if (!github || !context.sha) return undefined;
  try {
    const found = await findMergedPullRequest(github, repositoryOf(context), context.sha);
    core.info(found ? `Commit ${context.sha.slice(0, 7)} comes from pull request #${found.number}` : `Commit ${context.sha.slice(0, 7)} has no pull request (a direct push)`);
    return found;
  } catch (error) {
    core.warning(`Could not look up the pull request of commit ${context.sha.slice(0, 7)}: ${(error as Error).message}`);
    return undefined;
  }
}

/** The fingerprint the reviewers saw in the pull request's plan comment; apply reports when the plan it runs differs. */
async function reviewedFingerprint(context: RunContext, github: GitHubClient | undefined, pullRequest: MergedPullRequest | undefined): Promise<string | undefined> {
  if (!github || !pullRequest) return undefined;
  try {
    const comment = await findMarkedComment(github, { ...repositoryOf(context), issueNumber: pullRequest.number }, PLAN_COMMENT_MARKER);
    return reviewedFingerprintOf(comment?.body);
  } catch (error) {
    core.warning(`Could not read the plan comment of pull request #${pullRequest.number}: ${(error as Error).message}`);
    return undefined;
  }
}

async function commentResult(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
  pullRequest: MergedPullRequest | undefined,
  markdown: string,
): Promise<void> {
  if (!inputs.comment || !github || !pullRequest) return;
  try {
    const target = { ...repositoryOf(context), issueNumber: pullRequest.number };
    const comment = await upsertStickyComment(github, target, applyMarkerFor(context.sha), markdown);
    core.info(`Apply result comment ${comment.action}: ${comment.url}`);
    core.setOutput('comment-url', comment.url);
  } catch (error) {
    core.warning(`Could not comment the apply result on pull request #${pullRequest.number}: ${(error as Error).message}`);
  }
}

async function reportApplyFailure(
  context: RunContext,
  github: GitHubClient | undefined,
  failure: Parameters<typeof failureIssueBody>[1],
): Promise<void> {
  if (!github) return core.warning("Not reporting the failure in an issue: the 'github-token' input is empty");
  try {
    const report = await reportFailure(github, repositoryOf(context), failureIssueTitle(context), failureIssueBody(context, failure));
    core.notice(`Apply failure reported: ${report.action === 'opened' ? 'opened' : 'commented on'} issue #${report.number}: ${report.url}`);
  } catch (error) {
    core.warning(`Could not report the failure in an issue (grant the workflow \`issues: write\`): ${(error as Error).message}`);
  }
}
