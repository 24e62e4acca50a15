import type { AwsAccount } from '../account/aws/AwsAccount';
import type { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import { systemClock, type Clock } from '../clock';
import { loadSimulatedAccount, saveSimulatedAccount } from './simFile';

/**
 * The account a front door asks for: AWS, or the simulated account in `file`. `region` is the one
 * given explicitly (the CLI's `--region`, the Action's `aws-region` input); empty means not given.
 */
export type AccountSource =
  | { kind: 'aws'; region?: string }
  | {
      kind: 'simulated';
      file: string;
      region?: string;
      /**
       * What the account's profiles move on. Default: a VirtualClock starting now (front doors that
       * apply). A front door that only reads and keeps the account open (the Backstage backend) passes
       * `systemClock`, so a profile left CREATING or DELETING in the file settles on wall time.
       */
      clock?: Clock;
    };

/** The variables the region rule reads: process.env, or what a front door passes for it. */
export type RegionEnv = Readonly<Record<string, string | undefined>>;

export interface OpenedAwsAccount {
  kind: 'aws';
  account: AwsAccount;
  region: string;
  /** Real time. */
  clock: Clock;
}

export interface OpenedSimulatedAccount {
  kind: 'simulated';
  account: SimulatedAccount;
  region: string;
  file: string;
  /** The account's clock, for apply to wait on (by default a VirtualClock: starts now, runs ahead whenever every task only waits). */
  clock: Clock;
  /** Writes the account back to `file` (what apply changed, in-flight transitions included). */
  save(): Promise<void>;
}

/** What {@link openAccount} opened; front doors switch on `kind`. */
export type OpenedAccount = OpenedAwsAccount | OpenedSimulatedAccount;

/** AWS was asked for and no region is set anywhere; front doors say in their own words where to set one. */
export class NoAwsRegionError extends Error {
  constructor() {
    super('no AWS region: give one explicitly, or set AWS_REGION or AWS_DEFAULT_REGION');
    this.name = 'NoAwsRegionError';
  }
}

/** The AWS region of a run: the explicit one, else AWS_REGION, else AWS_DEFAULT_REGION (as the SDK and the AWS CLI read them). */
export function awsRegion(explicit: string | undefined, env: RegionEnv): string | undefined {
  return explicit || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/**
 * The region of a run on a simulated account: the explicit one, else the account's own. AWS_REGION
 * and AWS_DEFAULT_REGION describe the AWS session a runner or a shell happens to have, not the file:
 * following them would plan the file's clusters as missing and delete what it holds.
 */
export function simulatedRegion(explicit: string | undefined, account: Pick<SimulatedAccount, 'region'>): string {
  return explicit || account.region;
}

/**
 * Opens the account every front door plans and applies against, by one rule for the region (see
 * {@link awsRegion}, {@link simulatedRegion}) and the clock: a simulated account runs on a
 * VirtualClock starting now, so apply's minutes of waiting pass at once and the saved file stays in
 * step with the wall clock for the next run; AWS runs on real time. The SDK adapter is imported only
 * for AWS, so runs on a simulated account never load it. A file that cannot be used throws
 * SimFileError; AWS without any region throws {@link NoAwsRegionError}.
 */
export async function openAccount(source: AccountSource, env: RegionEnv): Promise<OpenedAccount> {
  if (source.kind === 'simulated') {
    const clock = source.clock ?? new VirtualClock({ start: Date.now() });
    const account = await loadSimulatedAccount(source.file, { clock });
    return {
      kind: 'simulated',
      account,
      region: simulatedRegion(source.region, account),
      file: source.file,
      clock,
      save: () => saveSimulatedAccount(source.file, account),
    };
  }
  const region = awsRegion(source.region, env);
  if (!region) throw new NoAwsRegionError();
  // By the package's own name, not a relative path: the Action's bundle recognises this import and
  // compiles the SDK half of its file only here (packages/action/build.mjs).
  const { AwsAccount } = await import('@fargatekeeper/core/aws');
  return { kind: 'aws', account: new AwsAccount({ region }), region, clock: systemClock };
}
