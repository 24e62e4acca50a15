import type { AwsAccount } from '../account/aws/AwsAccount';
import type { CallPolicy } from '../callPolicy';
import type { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import type { SimState } from '../account/sim/state';
import { systemClock, type Clock } from '../clock';
import type { ApplyEvent } from '../apply/types';
import { loadSimulatedAccount, saveSimulatedAccount, saveSimulatedAccountSync } from './simFile';
import { lockSimulatedAccount, type SimLockOptions } from './simLock';

/**
 * The account a front door asks for: AWS, or the simulated account in `file`. `region` is the one
 * given explicitly (the CLI's `--region`, the Action's `aws-region` input); empty means not given.
 */
export type AccountSource =
  | {
      kind: 'aws';
      region?: string;
      /** Timeout per attempt and attempts of every AWS call (default DEFAULT_CALL_POLICY); a simulated account makes no remote calls. */
      callPolicy?: CallPolicy;
    }
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
      /**
       * For a run that writes the file (apply): take its lock before loading it, waiting up to
       * `waitMs` for another apply to finish (see {@link lockSimulatedAccount}). Readers (plan) need none.
       */
      lock?: SimLockOptions;
    };

/** When the latest profile or role in a simulated account was created (ms since the epoch; 0 when none says). */
function lastCreatedAt(state: SimState): number {
  const times = [
    ...state.clusters.flatMap(c => c.profiles.map(p => p.createdAt)),
    ...state.roles.map(r => r.createdAt),
  ];
  return times.reduce((latest, t) => Math.max(latest, (t && Date.parse(t)) || 0), 0);
}

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
  /**
   * Give it apply's events (beside the front door's own listener): it saves the account after every
   * completed step, before the step is reported anywhere, so the file shows every step a SIGKILL
   * leaves behind. Synchronous on purpose: apply goes on only once the step is on disk.
   */
  saveOnStep(event: ApplyEvent): void;
  /** Releases the file's lock (taken with `lock`); idempotent. Call it after the last save, also on errors. */
  unlock(): void;
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
 * VirtualClock starting now (or at the file's latest creation, when an earlier run's clock ran
 * ahead), so apply's minutes of waiting pass at once and the saved file stays in step for the next
 * run; AWS runs on real time. The SDK adapter is imported only for AWS, so runs on a simulated
 * account never load it. A file that cannot be used throws SimFileError, one locked by another live
 * apply SimFileLockedError; AWS without any region throws {@link NoAwsRegionError}.
 */
export async function openAccount(source: AccountSource, env: RegionEnv): Promise<OpenedAccount> {
  if (source.kind === 'simulated') {
    const virtual = source.clock ? undefined : new VirtualClock({ start: Date.now() });
    const clock = source.clock ?? virtual!;
    // Locked before it is read: a run that loaded the file while another apply was still changing it would overwrite those changes.
    const lock = source.lock ? await lockSimulatedAccount(source.file, source.lock) : undefined;
    try {
      const account = await loadSimulatedAccount(source.file, { clock });
      // An earlier run's clock ran ahead of the wall clock (its waits passed at once): start no earlier than
      // the last thing it made, or a role it created just before being stopped would look minutes too young.
      if (virtual) await virtual.advance(Math.max(0, lastCreatedAt(account.toJSON()) - virtual.now()));
      return {
        kind: 'simulated',
        account,
        region: simulatedRegion(source.region, account),
        file: source.file,
        clock,
        save: () => saveSimulatedAccount(source.file, account),
        saveOnStep: event => {
          if (event.type === 'step-done' || event.type === 'operation-failed')
            saveSimulatedAccountSync(source.file, account);
        },
        unlock: () => lock?.release(),
      };
    } catch (error) {
      lock?.release();
      throw error;
    }
  }
  const region = awsRegion(source.region, env);
  if (!region) throw new NoAwsRegionError();
  // By the package's own name, not a relative path: the Action's bundle recognises this import and
  // compiles the SDK half of its file only here (packages/action/build.mjs).
  const { AwsAccount } = await import('@fargatekeeper/core/aws');
  const account = new AwsAccount({ region, ...(source.callPolicy ? { callPolicy: source.callPolicy } : {}) });
  return { kind: 'aws', account, region, clock: systemClock };
}
