import * as core from '@actions/core';
import { hasErrors, type Plan } from '@fargatekeeper/core';
import { openAccount } from './account';
import { checkedOutCommit, provenanceLine, provenanceOf, provenanceWarning } from './checkout';
import { upsertStickyComment } from './comment';
import { isForkPullRequest, repositoryOf, type RunContext } from './context';
import type { GitHubClient } from './github';
import { GitHubCallError } from './githubErrors';
import { tokenLogin } from './identity';
import type { ActionInputs } from './inputs';
import { PLAN_COMMENT_MARKER, planCommentBody, planFailureBody } from './planComment';
import { planSpecs } from './planning';
import { planSummaryMarkdown, publishPlan } from './publishPlan';
import { writeSummary } from './summary';

/**
 * Plan mode (pull requests): plan, annotate, summarise, and keep one comment on the pull request up
 * to date. A fork's pull request still gets the plan in the summary; only the comment is skipped.
 * The step fails when the specs have errors.
 */
export async function runPlan(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
): Promise<void> {
  const pullRequest = context.payload.pull_request;
  // What the workspace holds was planned: on pull_request_target that is the base unless the workflow checked out the head.
  const commit = checkedOutCommit(context);
  const provenance = provenanceOf(context, commit);
  const comment = (body: string) =>
    pullRequest
      ? commentPlan(inputs, context, github, pullRequest.number, isForkPullRequest(pullRequest), body)
      : Promise.resolve();
  let plan: Plan;
  let markdown: string;
  try {
    const opened = await openAccount(inputs, context);
    plan = (await planSpecs(inputs, context, opened)).plan;
    markdown = await publishPlan(plan, context, { commit, mode: 'plan' });
  } catch (error) {
    // A plan comment from an earlier push must not stay up looking current.
    await comment(planFailureBody(error, commit)).catch(failure =>
      core.warning(`Could not update the plan comment: ${(failure as Error).message}`),
    );
    throw error;
  }
  const around = (text: string) =>
    `${provenanceWarning(provenance)}${text.trimEnd()}\n\n${provenanceLine(context, provenance)}\n`;
  await writeSummary(around(planSummaryMarkdown(plan, context, { commit, mode: 'plan' })));
  await comment(planCommentBody(around(markdown), plan));
  if (hasErrors(plan.diagnostics)) {
    const count = plan.diagnostics.filter(d => d.severity === 'error').length;
    core.setFailed(`The specs have ${count} error${count === 1 ? '' : 's'}; see the annotations and the job summary`);
  }
}

async function commentPlan(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
  issueNumber: number,
  fork: boolean,
  body: string,
): Promise<void> {
  if (!inputs.comment) return core.info("Not commenting: the 'comment' input is false");
  if (!github) return core.warning("Not commenting: the 'github-token' input is empty");
  // pull_request_target runs with the base repository's token, which may comment on a fork's pull request.
  if (fork && context.eventName === 'pull_request') {
    return core.notice(
      'This pull request comes from a fork, whose token is read-only: the plan is in the job summary instead of a comment.',
    );
  }
  try {
    // Only the token's own comment is edited: another author's comment quoting the marker is left alone.
    const author = await tokenLogin(github, inputs.commentAuthor);
    const comment = await upsertStickyComment(
      github,
      { ...repositoryOf(context), issueNumber, author },
      PLAN_COMMENT_MARKER,
      body,
      'plan comment',
    );
    core.info(`Plan comment ${comment.action}: ${comment.url}`);
    core.setOutput('comment-url', comment.url);
  } catch (error) {
    // A token that may not comment is the workflow's choice; anything else (rate limit, outage) fails the step.
    if (!(error instanceof GitHubCallError && error.failure === 'permission')) throw error;
    core.notice(`${error.message}. The plan is in the job summary.`);
  }
}
