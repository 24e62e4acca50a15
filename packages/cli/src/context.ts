import { stat } from 'node:fs/promises';
import {
  Fleet,
  reachCluster,
  sourceProblem,
  targetProblem,
  termText,
  type Account,
  type ClusterRef,
  type ParseResult,
  type PlanOptions,
  type PodAccess,
} from '@fargatekeeper/core';
import {
  NoAwsRegionError,
  SimFileError,
  SimFileLockedError,
  SpecFolderError,
  awsRegion,
  loadSpecs,
  openAccount as openSourceAccount,
  openPodAccess,
  type AccountSource,
  type OpenedAccount,
  type SimLockOptions,
} from '@fargatekeeper/core/node';
import { callPolicyFromOptions } from './callPolicy';
import { CliError, UsageError } from './errors';
import { detectSource } from './source';
import type { CommandContext } from './commands/command';

/** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION (core's rule for AWS); undefined when none is set. */
export function regionFromOptions({ options, io }: CommandContext): string | undefined {
  return awsRegion(options.string('region'), io.env);
}

/**
 * Opens the account by core's one rule: `--sim FILE` loads a simulated account (`--region`, else its
 * own region; the AWS environment variables do not apply to it; apply's waits pass at once; apply
 * passes `lock`, as it writes the file); otherwise AWS through the SDK's default credential chain,
 * which needs a region, each call bounded by `--call-timeout` × `--call-attempts`.
 */
export async function openAccount(
  ctx: CommandContext,
  settings: { lock?: SimLockOptions } = {},
): Promise<OpenedAccount> {
  const region = ctx.options.string('region');
  const simFile = ctx.options.string('sim');
  const callPolicy = callPolicyFromOptions(ctx.options);
  if (simFile) await mustBeFile(simFile, 'simulated account file', '--sim');
  const source: AccountSource = simFile
    ? { kind: 'simulated', file: simFile, region, ...settings }
    : { kind: 'aws', region, callPolicy };
  return openSourceAccount(source, ctx.io.env).catch(err => {
    if (err instanceof SimFileError || err instanceof SimFileLockedError) throw new CliError(err.message);
    if (err instanceof NoAwsRegionError) {
      throw new CliError('no AWS region: pass --region, or set AWS_REGION (or use --sim FILE for a simulated account)');
    }
    throw err;
  });
}

/**
 * Pod access when the run asks for it (`--pods`, `--kubeconfig FILE` or apply's `--recycle-pending`):
 * the kubeconfig's contexts, else EKS tokens for the account's identity; every call bounded by
 * `--call-timeout` × `--call-attempts`. Undefined otherwise: no Kubernetes call is made.
 */
export async function podAccessFor(
  ctx: CommandContext,
  opened: OpenedAccount,
  fleet?: Fleet,
): Promise<PodAccess | undefined> {
  const { options } = ctx;
  const kubeconfig = options.string('kubeconfig');
  if (!options.flag('pods') && !options.flag('recycle-pending') && kubeconfig === undefined) return undefined;
  if (kubeconfig !== undefined) await mustBeFile(kubeconfig, 'kubeconfig', '--kubeconfig');
  return openPodAccess(opened, {
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    ...(fleet ? { fleet } : {}),
    callPolicy: callPolicyFromOptions(options),
  });
}

/**
 * Reads every spec under `--specs` (default `fargate`; a single file works too), with `--cluster` for
 * specs that name none. An empty folder is a warning diagnostic of the result, not a failure.
 */
export async function readSpecs(ctx: CommandContext, defaultRegion: string | undefined): Promise<ParseResult> {
  const dir = ctx.options.string('specs') ?? 'fargate';
  if (!(await stat(dir).catch(() => undefined)))
    throw new CliError(`specs folder \`${dir}\` not found (set it with --specs)`);
  return loadSpecs(dir, { defaultCluster: ctx.options.string('cluster'), defaultRegion }).catch(err => {
    throw err instanceof SpecFolderError ? new CliError(err.message) : err;
  });
}

/** Where the specs folder's `Cluster` documents place clusters: what a parse of it says of them. */
export type Declarations = Pick<ParseResult, 'clusters' | 'failed'>;

/** The `Cluster` documents of a specs folder, for commands that only need to know where clusters live; none without the folder. */
export async function declarationsIn(dir: string): Promise<Declarations> {
  if (!(await stat(dir).catch(() => undefined))) return { clusters: [], failed: [] };
  return loadSpecs(dir);
}

/** A cluster a one-cluster command (explain, import) reads, and the account it is read in. */
export interface PlacedCluster {
  cluster: ClusterRef;
  account: Account;
  /** The run's accounts, for a plan of the same run (explain --desired): each role assumed once. */
  fleet: Fleet;
}

/**
 * Places the cluster `--cluster` names as plan does: in the region `--region` gives, else the one its
 * `Cluster` document declares, else the run's; read through the document's role and refused unless
 * it lands in `spec.accountId`. A cluster no document declares is read with the run's own credentials;
 * one whose document has errors is not read at all (it may live in another account).
 */
export async function placeCluster(
  ctx: CommandContext,
  opened: OpenedAccount,
  name: string,
  { clusters, failed }: Declarations,
  command: string,
): Promise<PlacedCluster> {
  const broken = failed.find(f => f.kind === 'Cluster' && f.cluster === name)?.diagnostics[0];
  if (broken) {
    const at = broken.source ? `${broken.source.file}:${broken.source.line}:${broken.source.column}: ` : '';
    throw new CliError(
      `the \`Cluster\` document of \`${termText(name)}\` has errors, so where it lives is not known: ${at}${termText(broken.message)}`,
    );
  }
  const flag = ctx.options.string('region');
  const regions = clusters.filter(c => c.name === name).map(c => c.region);
  if (flag === undefined && regions.length > 1) {
    throw new UsageError(
      `cluster \`${termText(name)}\` is declared in ${regions.join(' and ')}: pass --region`,
      command,
    );
  }
  const cluster: ClusterRef = { name, region: flag ?? regions[0] ?? opened.region };
  const fleet = new Fleet(opened.account, clusters);
  const reached = await reachCluster(fleet, cluster);
  if (reached.kind === 'refused') {
    const { message, hint } = reached.diagnostic;
    throw new CliError(termText(hint ? `${message} Hint: ${hint}.` : message));
  }
  return { cluster, account: reached.account, fleet };
}

async function mustBeFile(path: string, what: string, option: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(`${what} \`${path}\` not found (set it with ${option})`);
  if (info.isDirectory()) throw new CliError(`${what} \`${path}\` is a folder, not a file`);
}

/**
 * The plan options every command uses (plan, apply, explain --desired), so a plan and the re-plan of
 * an apply see the same clusters and get the same fingerprint: `--cluster` is inspected even when no
 * spec names it, so removing a cluster's last spec deletes its managed profiles. The source is
 * `--source`, else detected from git (see source.ts); `--max-deletes` and `--target` where the command has them.
 */
export function planOptionsFor(ctx: CommandContext, region: string, command?: string): PlanOptions {
  const { options } = ctx;
  const cluster = options.string('cluster');
  const source = options.string('source') ?? detectSource(options.string('specs') ?? 'fargate');
  const problem = sourceProblem(source);
  if (problem)
    throw new UsageError(`--source ${problem} (got \`${source}\`); pass --source OWNER/REPO[:FOLDER]`, command);
  const maxDeletes = options.string('max-deletes');
  if (maxDeletes !== undefined && !/^\d+$/.test(maxDeletes)) {
    throw new UsageError(`--max-deletes needs a whole number of at least 0 (got \`${maxDeletes}\`)`, command);
  }
  const targets = options.list('target');
  for (const target of targets) {
    const why = targetProblem(target);
    if (why) throw new UsageError(`--target ${why} (got \`${target}\`)`, command);
  }
  return {
    defaultRegion: region,
    ...(cluster ? { clusters: [{ name: cluster, region }] } : {}),
    source,
    ...(maxDeletes !== undefined ? { maxDeletes: Number(maxDeletes) } : {}),
    ...(targets.length > 0 ? { targets } : {}),
  };
}
