import * as core from '@actions/core';
import { renderMarkdown, renderText, type Plan } from '@fargatekeeper/core';
import { annotateDiagnostics, repositoryPath } from './annotations';
import type { RunContext } from './context';
import { setPlanOutputs } from './outputs';
import { planMarkdownBudget } from './planComment';

/** Links to a spec line at the commit that was planned, e.g. …/blob/<sha>/fargate/payments.yaml#L4. */
export function sourceUrlFor(context: RunContext, commit: string): (file: string, line: number) => string {
  const base = `${context.serverUrl}/${context.owner}/${context.repo}/blob/${commit}`;
  return (file, line) => `${base}/${repositoryPath(file, context.workspace).split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/**
 * What every mode does with a fresh plan: the plan in the log, an annotation per diagnostic,
 * the outputs, and the Markdown rendering (for the summary and comments), which it returns.
 */
export async function publishPlan(plan: Plan, context: RunContext, options: { commit: string; mode: 'plan' | 'apply' | 'drift' }): Promise<string> {
  core.startGroup('Plan');
  core.info(renderText(plan, { color: true }));
  core.endGroup();
  annotateDiagnostics(plan.diagnostics, context.workspace);
  await setPlanOutputs(plan, context.tempDir);
  // The plan comment adds its marker and fingerprint lines around this; both count against GitHub's limit.
  const maxLength = planMarkdownBudget(plan);
  return renderMarkdown(plan, { sourceUrl: sourceUrlFor(context, options.commit), commit: options.commit, mode: options.mode, maxLength });
}
