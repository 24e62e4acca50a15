import {
  NoAwsRegionError,
  openAccount as openSourceAccount,
  type OpenedAccount as CoreOpenedAccount,
  type SimLockOptions,
} from '@fargatekeeper/core/node';
import { isCallTimeout } from '@fargatekeeper/core';
import { isAbsolute, join } from 'node:path';
import type { ActionInputs } from './inputs';
import type { RunContext } from './context';

/** Core's opened account, with how the log and the summary name it. */
export type OpenedAccount = CoreOpenedAccount & {
  /** "AWS account 123456789012" or "simulated account sim.json (123456789012)". */
  description: string;
};

/**
 * The account to plan and apply against, by core's one rule (as the CLI opens it): the simulated
 * account file when the `simulated-account` input names one (the `aws-region` input, else the file's
 * own region; AWS_REGION does not apply to it), otherwise AWS through the SDK's standard credential
 * chain (what aws-actions/configure-aws-credentials sets up, OIDC included) and endpoint settings
 * (AWS_ENDPOINT_URL), in the `aws-region` input's region, else AWS_REGION or AWS_DEFAULT_REGION.
 */
export async function openAccount(
  inputs: ActionInputs,
  context: RunContext,
  settings: { lock?: SimLockOptions } = {},
): Promise<OpenedAccount> {
  if (inputs.simulatedAccount) {
    const file = isAbsolute(inputs.simulatedAccount)
      ? inputs.simulatedAccount
      : join(context.workspace, inputs.simulatedAccount);
    // Apply passes `lock`: it writes the file, and must not start from a state another run is still changing.
    const opened = await openSourceAccount(
      { kind: 'simulated', file, region: inputs.awsRegion, ...settings },
      process.env,
    );
    return {
      ...opened,
      description: `simulated account ${inputs.simulatedAccount} (${await opened.account.getAccountId()})`,
    };
  }
  const opened = await openSourceAccount(
    { kind: 'aws', region: inputs.awsRegion, callPolicy: inputs.callPolicy },
    process.env,
  ).catch(error => {
    if (!(error instanceof NoAwsRegionError)) throw error;
    throw new Error(
      "No AWS region: set the 'aws-region' input, or AWS_REGION (aws-actions/configure-aws-credentials sets it with its aws-region input)",
    );
  });
  const accountId = await opened.account.getAccountId().catch((error: Error) => {
    // A call that got no answer is a network or endpoint problem, not missing credentials.
    if (isCallTimeout(error)) {
      throw new Error(
        `AWS did not answer: ${error.message}. Check the runner's network, proxy and AWS_ENDPOINT_URL; ` +
          "the 'call-timeout' and 'call-attempts' inputs set how long each call may take.",
      );
    }
    throw new Error(
      `Cannot use AWS (sts:GetCallerIdentity failed: ${error.name}: ${error.message}). Set up credentials before this step ` +
        "(aws-actions/configure-aws-credentials with role-to-assume), or try the action without AWS with the 'simulated-account' input.",
    );
  });
  return { ...opened, description: `AWS account ${accountId}` };
}
