import * as core from '@actions/core';
import { hasErrors, summaryLine } from '@fargatekeeper/core';
import { openAccount } from './account';
import type { RunContext } from './context';
import type { ActionInputs } from './inputs';
import { planSpecs } from './planning';
import { publishPlan } from './publishPlan';
import { writeSummary } from './summary';

/**
 * Drift mode (scheduled and manual runs): plan what is in Git against what runs; any change means
 * the live profiles drifted (or a merge was not applied), so the step fails with the plan in the summary.
 */
export async function runDrift(inputs: ActionInputs, context: RunContext): Promise<void> {
  const opened = await openAccount(inputs, context);
  const { plan } = await planSpecs(inputs, context, opened);
  const markdown = await publishPlan(plan, context, { commit: context.sha, mode: 'drift' });
  // Core's summary line ("Plan: 1 to create, 0 to replace, 0 to delete"), the words the plan comment uses.
  const counts = summaryLine(plan);
  const verdict = plan.hasChanges
    ? `**Drift detected**: the live profiles differ from Git (${counts}). An apply on the default branch brings them back to Git; or change the specs to match.`
    : '**No drift**: the live profiles match Git.';
  await writeSummary(`### fargatekeeper drift check\n\n${verdict}\n\n${markdown}`);
  if (hasErrors(plan.diagnostics)) core.setFailed('The specs have errors; see the annotations and the job summary');
  else if (plan.hasChanges) core.setFailed(`Drift: the live profiles differ from Git (${counts})`);
  else core.info('No drift: the live profiles match Git');
}
