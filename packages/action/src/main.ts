import * as core from '@actions/core';
import { mdFence } from '@fargatekeeper/core';
import { cancelExitCode, listenForCancel } from '@fargatekeeper/core/node';
import { runApply } from './applyFlow';
import { readRunContext, type RunContext } from './context';
import { runDrift } from './driftFlow';
import { createGitHubClient, type GitHubClient } from './github';
import { readInputs, type ActionInputs } from './inputs';
import { resolveMode } from './mode';
import { runPlan } from './planFlow';
import { writeSummary } from './summary';

/**
 * Apply, with the runner's cancel (SIGINT, then SIGTERM) handled: the apply stops waiting at once,
 * saves, and reports what is done and what is left before the runner's grace period ends.
 */
async function applyUntilCancelled(
  inputs: ActionInputs,
  context: RunContext,
  github: GitHubClient | undefined,
): Promise<void> {
  const cancellation = listenForCancel(signal =>
    core.warning(
      `${signal}: stopping now; an operation AWS already accepted goes on there, and the next apply picks it up`,
    ),
  );
  try {
    await runApply(inputs, context, github, cancellation);
  } catch (error) {
    // Stopped before apply began (waiting for the simulated account's lock): nothing changed.
    if (!cancellation.cause) throw error;
    core.setFailed(`cancelled by ${cancellation.cause} before anything was applied; nothing was changed`);
    process.exitCode = cancelExitCode[cancellation.cause];
  } finally {
    cancellation.dispose();
  }
}

/**
 * Ends the process once run() has returned after a cancelled apply: it has saved and reported, and a
 * call still in flight (AWS answers it later) must not keep the step running.
 */
export function exitWhenCancelled(): void {
  if (Object.values(cancelExitCode).includes(Number(process.exitCode))) process.exit();
}

/**
 * The action: read the inputs and the event, pick the mode, run it. Never throws: any failure
 * becomes a failed step with the reason in the log (`::error::`) and exit code 1 (130 / 143 for an
 * apply cancelled by SIGINT / SIGTERM).
 */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const context = readRunContext();
    const { mode, reason } = resolveMode(inputs.mode, context);
    core.info(`fargatekeeper: ${reason} (${context.owner}/${context.repo}@${context.sha.slice(0, 7) || 'unknown'})`);
    // Every mode talks to GitHub: comments, failure issues, the drift issue.
    const github = inputs.githubToken
      ? await createGitHubClient(inputs.githubToken, context.apiUrl, inputs.callPolicy)
      : undefined;
    if (mode === 'plan') await runPlan(inputs, context, github);
    else if (mode === 'apply') await applyUntilCancelled(inputs, context, github);
    else await runDrift(inputs, context, github);
  } catch (error) {
    if (error instanceof Error && error.stack) core.debug(error.stack);
    const message = error instanceof Error ? error.message : String(error);
    core.setFailed(message);
    await writeSummary(`### fargatekeeper failed\n\n${mdFence(message, 'text')}\n`).catch(() => undefined);
  }
}
