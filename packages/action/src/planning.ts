import * as core from '@actions/core';
import { Fleet, plan, type ParseResult, type Plan, type PlanOptions } from '@fargatekeeper/core';
import { loadSpecs, openPodAccess } from '@fargatekeeper/core/node';
import { posix, relative, resolve, sep } from 'node:path';
import type { ActionInputs } from './inputs';
import type { RunContext } from './context';
import type { OpenedAccount } from './account';

export interface PlanRun {
  plan: Plan;
  /** What the plan was made from: the specs that parsed and the documents that did not. */
  parsed: ParseResult;
  /** The options the plan was made with, so apply can plan again against fresh state. */
  options: PlanOptions;
  /** The accounts the plan read (the Cluster documents' roles, assumed once): apply gets the same. */
  fleet: Fleet;
}

/** Reads the specs folder and plans it against the account: the first half of every mode. */
export async function planSpecs(inputs: ActionInputs, context: RunContext, opened: OpenedAccount): Promise<PlanRun> {
  // The folder is relative to the workspace; diagnostics name files relative to the working directory (the same on a runner).
  const folder = relative(process.cwd(), resolve(context.workspace, inputs.specs)) || '.';
  const parsed = await loadSpecs(folder, { defaultCluster: inputs.cluster, defaultRegion: opened.region });
  // Core's hint speaks of the CLI's --specs; here the fix is the input.
  for (const diagnostic of parsed.diagnostics) {
    if (diagnostic.code === 'spec.folder-missing') {
      diagnostic.hint =
        "set the 'specs' input to the folder of the specs, relative to the repository root (default 'fargate')";
    }
  }
  core.info(`Read ${parsed.specs.length} spec${parsed.specs.length === 1 ? '' : 's'} from ${inputs.specs}/`);
  // As the CLI's --cluster: the cluster is inspected even when no spec names it, so removing its last
  // spec deletes its managed profiles.
  const options: PlanOptions = {
    defaultRegion: opened.region,
    ...(inputs.cluster ? { clusters: [{ name: inputs.cluster, region: opened.region }] } : {}),
    ...sourceOf(context, inputs.specs),
    ...(inputs.maxDeletes !== undefined ? { maxDeletes: inputs.maxDeletes } : {}),
    ...(inputs.targets ? { targets: inputs.targets } : {}),
  };
  core.info(`Planning against ${opened.description}, default region ${opened.region}`);
  // The parse result as it is: the plan holds back what belongs to documents that failed.
  const fleet = new Fleet(opened.account, parsed.clusters);
  if (parsed.clusters.length > 0) {
    const roles = new Set(parsed.clusters.flatMap(c => (c.role ? [c.role.roleArn] : [])));
    core.info(
      `${parsed.clusters.length} cluster${parsed.clusters.length === 1 ? '' : 's'} declared, ${roles.size} role${roles.size === 1 ? '' : 's'} to assume`,
    );
  }
  if (inputs.podImpact) {
    // Read-only Kubernetes access (EKS tokens for the step's credentials); a cluster it cannot read is a note.
    options.pods = await openPodAccess(opened, { fleet, callPolicy: inputs.callPolicy });
    core.info("Reading the clusters' pods for the plan's pod impact (pod-impact)");
  }
  const result = await plan(parsed, fleet, options);
  return { plan: result, parsed, options, fleet };
}

/**
 * The specs source the run owns: `GITHUB_REPOSITORY` and the `specs` folder inside it
 * (`OWNER/REPO:infra/fargate`; just `OWNER/REPO` for the repository root).
 */
export function sourceOf(context: Pick<RunContext, 'owner' | 'repo'>, specs: string): Pick<PlanOptions, 'source'> {
  const folder = posix.normalize(specs.split(sep).join('/')).replace(/^(\.\/)+|\/+$/g, '');
  const repository = `${context.owner}/${context.repo}`;
  return { source: folder === '' || folder === '.' ? repository : `${repository}:${folder}` };
}
