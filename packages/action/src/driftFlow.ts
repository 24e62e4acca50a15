import * as core from '@actions/core';
import { driftOf, hasErrors, summaryLine, type Drift, type Plan } from '@fargatekeeper/core';
import { openAccount } from './account';
import { repositoryOf, runUrlOf, type RunContext } from './context';
import { closeResolvedIssues, DRIFT_LABEL, driftIssueBody, findingLine, reportDrift } from './driftIssue';
import { FAILURE_LABEL } from './failureIssue';
import type { GitHubClient } from './github';
import type { ActionInputs } from './inputs';
import { planSpecs } from './planning';
import { publishPlan } from './publishPlan';
import { writeSummary } from './summary';

/**
 * Drift mode (scheduled and manual runs): plan what is in Git against what runs. Drift is what core's
 * `driftOf` finds: changes an apply would make, and profiles not managed here that take pods of a
 * spec. Drift fails the step and opens (or updates) the one drift issue; a clean check closes it and
 * the apply-failure issue. A profile an earlier apply is still creating or deleting is an apply in
 * progress: reported, neither drift nor clean.
 */
export async function runDrift(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
): Promise<void> {
  const opened = await openAccount(inputs, context);
  const { plan } = await planSpecs(inputs, context, opened);
  const markdown = await publishPlan(plan, context, { commit: context.sha, mode: 'drift' });
  const drift = driftOf(plan);
  await writeSummary(`### fargatekeeper drift check\n\n${verdictOf(plan, drift)}\n\n${markdown}`);
  // Specs with errors say nothing about the live profiles: no verdict, issues left as they are.
  if (hasErrors(plan.diagnostics))
    return core.setFailed('The specs have errors; see the annotations and the job summary');
  if (drift.inProgress.length > 0) core.notice(inProgressLine(drift));
  if (drift.findings.length > 0) {
    for (const finding of drift.findings) core.info(`Drift: ${findingLine(finding)}`);
    await reportDriftIssue(context, github, drift, markdown);
    return core.setFailed(`Drift: the live profiles differ from Git (${driftCounts(plan, drift)})`);
  }
  if (drift.inProgress.length > 0) return;
  core.info('No drift: the live profiles match Git');
  await closeResolved(context, github, [DRIFT_LABEL, FAILURE_LABEL], 'this clean drift check');
}

function verdictOf(plan: Plan, drift: Drift): string {
  const progress = drift.inProgress.length > 0 ? `\n\n**Apply in progress**: ${inProgressLine(drift)}` : '';
  if (drift.findings.length > 0) {
    const lines = drift.findings.map(f => `- ${findingLine(f)}`).join('\n');
    return `**Drift detected**: the live profiles differ from Git (${driftCounts(plan, drift)}). An apply on the default branch brings changed profiles back to Git; a profile that takes pods of a spec needs a person.\n\n${lines}${progress}`;
  }
  return drift.inProgress.length > 0 ? progress.trimStart() : '**No drift**: the live profiles match Git.';
}

/** Core's summary line ("Plan: 1 to create, 0 to replace, 0 to delete"), the words the plan comment uses, and the hijacks. */
function driftCounts(plan: Plan, drift: Drift): string {
  const hijacks = drift.findings.filter(f => f.kind === 'hijack').length;
  const parts = drift.findings.some(f => f.kind === 'change') ? [summaryLine(plan)] : [];
  if (hijacks > 0)
    parts.push(`${hijacks} time${hijacks === 1 ? '' : 's'} a profile not managed here takes pods of a spec`);
  return parts.join('; ');
}

function inProgressLine(drift: Drift): string {
  const names = drift.inProgress.map(
    o => `${o.cluster} ${o.profile} (${o.until === 'active' ? 'creating' : 'deleting'})`,
  );
  return `an earlier apply is still at work on ${names.join(', ')}; that is not drift. The next check sees where it ended.`;
}

async function reportDriftIssue(
  context: RunContext,
  github: GitHubClient | undefined,
  drift: Drift,
  planMarkdown: string,
): Promise<void> {
  if (!github) return core.warning("Not reporting the drift in an issue: the 'github-token' input is empty");
  const runUrl = runUrlOf(context);
  const commitUrl = `${context.serverUrl}/${context.owner}/${context.repo}/commit/${context.sha}`;
  try {
    const body = driftIssueBody(drift, { ...(runUrl ? { runUrl } : {}), commit: context.sha, commitUrl }, planMarkdown);
    const report = await reportDrift(github, repositoryOf(context), body, runUrl);
    core.notice(`Drift reported: ${report.action} issue #${report.number}: ${report.url}`);
  } catch (error) {
    core.warning(`${(error as Error).message}. The drift is not reported in an issue.`);
  }
}

/** Closes the issues of `labels` that this run resolves, each with a comment naming the run. */
export async function closeResolved(
  context: RunContext,
  github: GitHubClient | undefined,
  labels: readonly string[],
  what: string,
): Promise<void> {
  if (!github) return;
  const runUrl = runUrlOf(context);
  try {
    const closed = await closeResolvedIssues(
      github,
      repositoryOf(context),
      labels,
      runUrl ? `[${what}](${runUrl})` : what,
    );
    if (closed.length > 0)
      core.info(
        `Closed issue${closed.length === 1 ? '' : 's'} ${closed.map(n => `#${n}`).join(', ')}: resolved by ${what}`,
      );
  } catch (error) {
    core.warning(`${(error as Error).message}. Open fargatekeeper issues stay open.`);
  }
}
