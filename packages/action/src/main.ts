import * as core from '@actions/core';
import { mdFence } from '@fargatekeeper/core';
import { runApply } from './applyFlow';
import { readRunContext } from './context';
import { runDrift } from './driftFlow';
import { createGitHubClient } from './github';
import { readInputs } from './inputs';
import { resolveMode } from './mode';
import { runPlan } from './planFlow';
import { writeSummary } from './summary';

/**
 * The action: read the inputs and the event, pick the mode, run it. Never throws: any failure
 * becomes a failed step with the reason in the log (`::error::`) and exit code 1.
 */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const context = readRunContext();
    const { mode, reason } = resolveMode(inputs.mode, context);
    core.info(`fargatekeeper: ${reason} (${context.owner}/${context.repo}@${context.sha.slice(0, 7) || 'unknown'})`);
    const github = mode !== 'drift' && inputs.githubToken ? await createGitHubClient(inputs.githubToken, context.apiUrl) : undefined;
    if (mode === 'plan') await runPlan(inputs, context, github);
    else if (mode === 'apply') await runApply(inputs, context, github);
    else await runDrift(inputs, context);
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    const message = error instanceof Error ? error.message : String(error);
    core.setFailed(message);
    await writeSummary(`### fargatekeeper failed\n\n${mdFence(message, 'text')}\n`).catch(() => undefined);
  }
}
