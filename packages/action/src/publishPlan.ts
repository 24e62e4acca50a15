import * as core from '@actions/core';
import { healthFindings, renderMarkdown, renderText, type Plan } from '@fargatekeeper/core';
import { annotateDiagnostics, repositoryPath } from './annotations';
import type { RunContext } from './context';
import { setPlanOutputs } from './outputs';
import { planMarkdownBudget } from './planComment';

/** Links to a spec line at the commit that was planned, e.g. …/blob/<sha>/fargate/payments.yaml#L4. */
export function sourceUrlFor(context: RunContext, commit: string): (file: string, line: number) => string {
  const base = `${context.serverUrl}/${context.owner}/${context.repo}/blob/${commit}`;
  return (file, line) =>
    `${base}/${repositoryPath(file, context.workspace).split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/**
 * What every mode does with a fresh plan: the plan in the log, an annotation per diagnostic and
 * per health issue of a live profile, the outputs, and the Markdown rendering (for the summary and comments), which it returns.
 */
export async function publishPlan(
  plan: Plan,
  context: RunContext,
  options: { commit: string; mode: 'plan' | 'apply' | 'drift' },
): Promise<string> {
  core.startGroup('Plan');
  core.info(renderText(plan, { color: true }));
  core.endGroup();
  annotateDiagnostics([...plan.diagnostics, ...healthFindings(plan)], context.workspace);
  await setPlanOutputs(plan, context.tempDir);
  // The plan comment adds its marker, provenance lines and reviewed-plan data; all count against GitHub's limit.
  const maxLength = planMarkdownBudget(plan) - PROVENANCE_ROOM;
  return renderMarkdown(plan, {
    sourceUrl: sourceUrlFor(context, options.commit),
    commit: options.commit,
    mode: options.mode,
    maxLength,
  });
}

/** Room for the warning and the commit/run line the plan flow puts around the Markdown. */
const PROVENANCE_ROOM = 1_000;

/** The whole plan for the job summary, which GitHub allows up to 1 MiB (not the comment's 65,536 characters). */
export function planSummaryMarkdown(
  plan: Plan,
  context: RunContext,
  options: { commit: string; mode: 'plan' | 'apply' | 'drift' },
): string {
  return renderMarkdown(plan, {
    sourceUrl: sourceUrlFor(context, options.commit),
    commit: options.commit,
    mode: options.mode,
    maxLength: SUMMARY_PLAN_LIMIT,
  });
}

/** Below the summary's 1 MiB with room for the apply result around it. */
const SUMMARY_PLAN_LIMIT = 900_000;
