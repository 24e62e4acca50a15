import * as core from '@actions/core';
import { plan, type Plan, type PlanOptions, type ProfileSpec } from '@fargatekeeper/core';
import { loadSpecs } from '@fargatekeeper/core/node';
import type { ActionInputs } from './inputs';
import type { OpenedAccount } from './account';

export interface PlanRun {
  plan: Plan;
  specs: ProfileSpec[];
  /** The options the plan was made with, so apply can plan again against fresh state. */
  options: PlanOptions;
}

/** Reads the specs folder and plans it against the account: the first half of every mode. */
export async function planSpecs(inputs: ActionInputs, opened: OpenedAccount): Promise<PlanRun> {
  const parsed = await loadSpecs(inputs.specs, { defaultCluster: inputs.cluster, defaultRegion: opened.region });
  core.info(`Read ${parsed.specs.length} spec${parsed.specs.length === 1 ? '' : 's'} from ${inputs.specs}/`);
  const options: PlanOptions = { defaultRegion: opened.region, diagnostics: parsed.diagnostics };
  core.info(`Planning against ${opened.description}, default region ${opened.region}`);
  const result = await plan(parsed.specs, opened.account, options);
  return { plan: result, specs: parsed.specs, options };
}
