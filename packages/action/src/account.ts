import { isAbsolute, join } from 'node:path';
import { VirtualClock, type Account, type Clock } from '@fargatekeeper/core';
import { loadSimulatedAccount, saveSimulatedAccount } from '@fargatekeeper/core/node';
import type { ActionInputs } from './inputs';
import type { RunContext } from './context';

export interface OpenedAccount {
  account: Account;
  /** For the log and the summary: "AWS account 123456789012" or "simulated account sim.json". */
  description: string;
  /** The run's default region, for specs that name none. */
  region: string;
  /** The clock apply waits on: the simulated account's own, or real time. */
  clock?: Clock;
  /** Persists what apply changed (the simulated account's file); nothing to do for AWS. */
  save(): Promise<void>;
}

/**
 * The account to plan and apply against: the simulated account file when the `simulated-account`
 * input names one, otherwise AWS through the SDK's standard credential chain (what
 * aws-actions/configure-aws-credentials sets up, OIDC included) and endpoint settings (AWS_ENDPOINT_URL).
 */
export async function openAccount(inputs: ActionInputs, context: RunContext): Promise<OpenedAccount> {
  const envRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
  if (inputs.simulatedAccount) {
    const file = isAbsolute(inputs.simulatedAccount) ? inputs.simulatedAccount : join(context.workspace, inputs.simulatedAccount);
    // Simulated time starts now and runs ahead whenever apply only waits: a 90-second create
    // finishes at once, and the file stays consistent with the wall clock for the next run.
    const clock = new VirtualClock({ start: Date.now() });
    const sim = await loadSimulatedAccount(file, { clock });
    return {
      account: sim,
      description: `simulated account ${inputs.simulatedAccount} (${await sim.getAccountId()})`,
      region: inputs.awsRegion ?? envRegion ?? sim.region,
      clock,
      save: () => saveSimulatedAccount(file, sim),
    };
  }
  const region = inputs.awsRegion ?? envRegion;
  if (!region) {
    throw new Error(
      "No AWS region: set the 'aws-region' input, or AWS_REGION (aws-actions/configure-aws-credentials sets it with its aws-region input)",
    );
  }
  // Loaded on demand: the SDK clients are most of the bundle, and plans against a simulated account never need them.
  const { AwsAccount } = await import('@fargatekeeper/core/aws');
  const account = new AwsAccount({ region });
  const accountId = await account.getAccountId().catch((error: Error) => {
    throw new Error(
      `Cannot use AWS (sts:GetCallerIdentity failed: ${error.name}: ${error.message}). Set up credentials before this step ` +
        "(aws-actions/configure-aws-credentials with role-to-assume), or try the action without AWS with the 'simulated-account' input.",
    );
  });
  return { account, description: `AWS account ${accountId}`, region, save: async () => {} };
}
