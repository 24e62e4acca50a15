import * as core from '@actions/core';
import {
  apply,
  ApplyProgress,
  cancelledLine,
  DEFAULT_RECYCLE_BOUNDS,
  mdText,
  driftOf,
  renderApplyResult,
  renderCancelledApply,
  resultOrCancelled,
  summaryLine,
  type ApplyProgressReport,
  type ApplyResult,
  type ApplyTimeouts,
} from '@fargatekeeper/core';
import {
  cancelExitCode,
  DEFAULT_SIM_LOCK_WAIT_MS,
  type Cancellation,
  type CancelSignal,
} from '@fargatekeeper/core/node';
import { openAccount, type OpenedAccount } from './account';
import { ApplyLog } from './applyLog';
import { upsertStickyComment } from './comment';
import { repositoryOf, type RunContext } from './context';
import { closeResolved } from './driftFlow';
import { DRIFT_LABEL } from './driftIssue';
import { FAILURE_LABEL, reportFailure } from './failureIssue';
import { failureIssueBody, failureIssueTitle } from './failureReport';
import type { GitHubClient } from './github';
import type { ActionInputs } from './inputs';
import { tokenLogin } from './identity';
import { applyMarkerFor } from './planComment';
import { planSpecs } from './planning';
import { findMergedPullRequest, type MergedPullRequest } from './pullRequests';
import { planSummaryMarkdown, publishPlan } from './publishPlan';
import { reviewedPlanOf, type ReviewSource } from './reviewSource';
import { writeSummary } from './summary';

/** What stops an apply early: the signal passed to apply, and which process signal aborted it. */
export type ApplyCancellation = Pick<Cancellation, 'signal' | 'cause'>;

/**
 * Apply mode (a push to the default branch, i.e. a merge): plan against fresh state, apply with
 * progress in the log, then the result in the summary and on the merged pull request. A failed
 * apply fails the step and is reported in an issue labelled `fargatekeeper`. A cancelled one
 * (`cancellation`: the runner's SIGINT / SIGTERM) stops waiting at once and reports what is done
 * and what is left the same way, as cancelled.
 */
export async function runApply(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
  cancellation?: ApplyCancellation,
): Promise<void> {
  let planMarkdown = '';
  let result: ApplyResult | undefined;
  let review: ReviewSource | undefined;
  let progress: ApplyProgress | undefined;
  // A profile not managed here that takes pods of a spec outlives any apply: its drift issue stays open.
  let hijacked = false;
  const signal = cancellation?.signal;
  const pullRequest = await mergedPullRequest(context, github);
  let opened: OpenedAccount | undefined;
  try {
    opened = await openAccount(inputs, context, {
      lock: {
        waitMs: DEFAULT_SIM_LOCK_WAIT_MS,
        ...(signal && { signal }),
        onWait: pid => core.info(`The simulated account is locked by another apply (pid ${pid}); waiting for it`),
      },
    });
    const account = opened;
    const { plan, fleet, options: planOptions } = await planSpecs(inputs, context, account);
    hijacked = driftOf(plan).findings.some(f => f.kind === 'hijack');
    // Embedded in the summary and failure issues; it has no plan comment marker (only the plan comment gets one).
    await publishPlan(plan, context, { commit: context.sha, mode: 'apply' });
    planMarkdown = planSummaryMarkdown(plan, context, { commit: context.sha, mode: 'apply' });
    const source = await reviewSource(inputs, context, github, pullRequest);
    review = source;
    if (source.kind === 'none' && plan.hasChanges)
      core.warning(`No reviewed plan: ${source.why}. Every change is unreviewed.`);

    const log = new ApplyLog({ info: core.info, warning: core.warning, error: core.error });
    progress = new ApplyProgress(plan);
    const tracker = progress;
    core.startGroup(`Apply · ${summaryLine(plan)}`);
    try {
      const running = apply(plan, fleet, {
        clock: account.clock,
        ...(signal && { signal }),
        onEvent: event => {
          // The step is on disk before the log shows it.
          if (account.kind === 'simulated') account.saveOnStep(event);
          tracker.observe(event);
          log.onEvent(event);
        },
        // The review gate decides what may be applied; the fingerprint is for humans now.
        reviewed: { plan: source.kind === 'plan' ? source.plan : undefined, onUnreviewed: inputs.onUnreviewedChange },
        timeouts: timeoutsFrom(inputs),
        // After a replacement: the Pending pods the new profile should take, reported (and with recycle-pending deleted).
        ...(planOptions.pods && {
          pods: { access: planOptions.pods, ...(inputs.recyclePending ? { recycle: DEFAULT_RECYCLE_BOUNDS } : {}) },
        }),
      });
      result = await resultOrCancelled(running, signal);
    } finally {
      core.endGroup();
      // Whatever happened to the profiles happened: keep the simulated account's file in step.
      if (account.kind === 'simulated') await account.save();
    }
  } catch (error) {
    // A cancellation is no failure to report in an issue.
    if (!cancellation?.cause) await reportApplyFailure(context, github, { error, planMarkdown });
    throw error;
  } finally {
    if (opened?.kind === 'simulated') opened.unlock();
  }

  if (!result) {
    await reportCancelled(inputs, context, github, pullRequest, {
      report: progress.report(),
      cause: cancellation?.cause ?? 'SIGTERM',
      planMarkdown,
    });
    return;
  }
  const refused = result.diagnostics.filter(d => d.code === 'apply.unreviewed');
  for (const d of refused)
    (d.severity === 'error' ? core.error : core.warning)(d.message, { title: 'fargatekeeper apply.unreviewed' });
  for (const done of result.diagnostics.filter(d => d.code === 'apply.reviewed-done')) core.info(done.message);
  const noReview =
    refused.length > 0 && review?.kind === 'none' ? `**No reviewed plan:** ${mdText(review.why)}.\n\n` : '';
  const resultMarkdown = `${noReview}${renderApplyResult(result, { format: 'markdown' }).trimEnd()}\n\n${footer(context)}\n`;
  await writeSummary(`${resultMarkdown}\n\n<details><summary>Plan</summary>\n\n${planMarkdown}\n</details>\n`);
  await commentResult(inputs, context, github, pullRequest, resultMarkdown);
  if (!result.ok) {
    await reportApplyFailure(context, github, { result, planMarkdown, resultMarkdown });
    const { failed, skipped } = result.summary;
    const unreviewed = refused.filter(d => d.severity === 'error').length;
    core.setFailed(
      unreviewed > 0
        ? `Apply refused ${unreviewed} unreviewed change${unreviewed === 1 ? '' : 's'} (nothing of their clusters was applied): ${failed} failed, ${skipped} skipped; see the job summary`
        : `Apply failed: ${failed} operation${failed === 1 ? '' : 's'} failed, ${skipped} skipped; see the log and the job summary`,
    );
  } else {
    await closeResolved(
      context,
      github,
      hijacked ? [FAILURE_LABEL] : [DRIFT_LABEL, FAILURE_LABEL],
      'this successful apply',
    );
  }
}

/**
 * A cancelled apply: the partial result, as "cancelled", in the summary and the merged pull request's
 * result comment (the next run's result replaces it there); the step fails with 130 / 143.
 */
async function reportCancelled(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
  pullRequest: MergedPullRequest | undefined,
  cancelled: { report: ApplyProgressReport; cause: CancelSignal; planMarkdown: string },
): Promise<void> {
  const { report, cause, planMarkdown } = cancelled;
  const markdown = `${renderCancelledApply(report, { format: 'markdown', cause }).trimEnd()}\n\n${footer(context)}\n`;
  await writeSummary(`${markdown}\n\n<details><summary>Plan</summary>\n\n${planMarkdown}\n</details>\n`);
  await commentResult(inputs, context, github, pullRequest, markdown);
  core.setFailed(cancelledLine(report, cause));
  process.exitCode = cancelExitCode[cause];
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

async function mergedPullRequest(
  context: RunContext,
  github: GitHubClient | undefined,
): Promise<MergedPullRequest | undefined> {
  if (!github || !context.sha) return undefined;
  try {
    const found = await findMergedPullRequest(github, repositoryOf(context), context.sha);
    core.info(
      found
        ? `Commit ${context.sha.slice(0, 7)} comes from pull request #${found.number}`
        : `Commit ${context.sha.slice(0, 7)} has no pull request (a direct push)`,
    );
    return found;
  } catch (error) {
    // The GitHub error names the call; without the pull request there is no reviewed plan and no result comment.
    core.warning(
      `${(error as Error).message}. Applying without comparing to a reviewed plan; the result is not commented.`,
    );
    return undefined;
  }
}

/**
 * The plan reviewed on the merged pull request, read only from the token's own plan comment; any
 * failure to read it counts as no reviewed plan (the gate fails closed).
 */
async function reviewSource(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
  pullRequest: MergedPullRequest | undefined,
): Promise<ReviewSource> {
  if (!github)
    return {
      kind: 'none',
      why: "the 'github-token' input is empty, so the pull request's plan comment cannot be read",
    };
  if (!pullRequest)
    return {
      kind: 'none',
      why: `commit ${context.sha.slice(0, 7)} has no pull request (a direct push), so nothing was reviewed`,
    };
  try {
    const author = await tokenLogin(github, inputs.commentAuthor);
    const source = await reviewedPlanOf(github, { ...repositoryOf(context), issueNumber: pullRequest.number, author });
    if (source.kind === 'plan') core.info(`Gating on the plan reviewed in ${source.commentUrl}`);
    return source;
  } catch (error) {
    return {
      kind: 'none',
      why: `reading the plan reviewed on pull request #${pullRequest.number} failed (${(error as Error).message})`,
    };
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
    const target = {
      ...repositoryOf(context),
      issueNumber: pullRequest.number,
      author: await tokenLogin(github, inputs.commentAuthor),
    };
    const comment = await upsertStickyComment(
      github,
      target,
      applyMarkerFor(context.sha),
      markdown,
      'apply result comment',
    );
    core.info(`Apply result comment ${comment.action}: ${comment.url}`);
    core.setOutput('comment-url', comment.url);
  } catch (error) {
    core.warning(`${(error as Error).message}. The result is in the job summary.`);
  }
}

async function reportApplyFailure(
  context: RunContext,
  github: GitHubClient | undefined,
  failure: Parameters<typeof failureIssueBody>[1],
): Promise<void> {
  if (!github) return core.warning("Not reporting the failure in an issue: the 'github-token' input is empty");
  try {
    const report = await reportFailure(
      github,
      repositoryOf(context),
      failureIssueTitle(context),
      failureIssueBody(context, failure),
    );
    core.notice(
      `Apply failure reported: ${report.action === 'opened' ? 'opened' : 'commented on'} issue #${report.number}: ${report.url}`,
    );
  } catch (error) {
    core.warning(`${(error as Error).message}. The failure is not reported in an issue.`);
  }
}
