import { stat } from 'node:fs/promises';
import type { Account, ParseResult, PlanOptions } from '@fargatekeeper/core';
import { SimFileError, SpecFolderError, loadSimulatedAccount, loadSpecs } from '@fargatekeeper/core/node';
import { CliError } from './errors';
import type { CommandContext } from './commands/command';

/** The account a command talks to: AWS, or a simulated account read from `--sim FILE`. */
export interface OpenedAccount {
  account: Account;
  /** The run's region: `--region`, else the environment's (AWS) or the simulated account's. */
  region: string;
  /** Set for `--sim`: where the simulated account lives (a command that changes it saves it back there). */
  simFile?: string;
}

/** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION; undefined when none is set. */
export function regionFromOptions({ options, io }: CommandContext): string | undefined {
  return options.string('region') || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined;
}

/**
 * Opens the account: `--sim FILE` loads a simulated account (its own region is the default, the AWS
 * environment variables do not apply to it); otherwise AWS through the SDK's default credential chain,
 * which needs a region.
 */
export async function openAccount(ctx: CommandContext): Promise<OpenedAccount> {
  const simFile = ctx.options.string('sim');
  if (simFile) {
    await mustBeFile(simFile, 'simulated account file', '--sim');
    const account = await loadSimulatedAccount(simFile).catch(err => {
      throw err instanceof SimFileError ? new CliError(err.message) : err;
    });
    return { account, region: ctx.options.string('region') || account.region, simFile };
  }
  const region = regionFromOptions(ctx);
  if (!region) {
    throw new CliError('no AWS region: pass --region, or set AWS_REGION (or use --sim FILE for a simulated account)');
  }
  // Loaded only here, so commands on a simulated account never pay for the SDK's start-up.
  const { AwsAccount } = await import('@fargatekeeper/core/aws');
  return { account: new AwsAccount({ region }), region };
}

/**
 * Reads every spec under `--specs` (default `fargate`; a single file works too), with `--cluster` for
 * specs that name none. An empty folder is a warning diagnostic of the result, not a failure.
 */
export async function readSpecs(ctx: CommandContext, defaultRegion: string | undefined): Promise<ParseResult> {
  const dir = ctx.options.string('specs') ?? 'fargate';
  if (!(await stat(dir).catch(() => undefined))) throw new CliError(`specs folder \`${dir}\` not found (set it with --specs)`);
  return loadSpecs(dir, { defaultCluster: ctx.options.string('cluster'), defaultRegion }).catch(err => {
    throw err instanceof SpecFolderError ? new CliError(err.message) : err;
  });
}

async function mustBeFile(path: string, what: string, option: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(`${what} \`${path}\` not found (set it with ${option})`);
  if (info.isDirectory()) throw new CliError(`${what} \`${path}\` is a folder, not a file`);
}

/**
 * The plan options every command uses (plan, apply, explain --desired), so a plan and the re-plan of
 * an apply see the same clusters and get the same fingerprint: `--cluster` is inspected even when no
 * spec names it, so removing a cluster's last spec deletes its managed profiles.
 */
export function planOptionsFor(ctx: CommandContext, region: string, parsed: ParseResult): PlanOptions {
  const cluster = ctx.options.string('cluster');
  return {
    defaultRegion: region,
    diagnostics: parsed.diagnostics,
    ...(cluster ? { clusters: [{ name: cluster, region }] } : {}),
  };
}
