import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderJson, type Plan } from '@fargatekeeper/core';

/**
 * The step's outputs (documented in action.yml) and the plan as a JSON file in RUNNER_TEMP, whose
 * path is the `plan-json` output, for later steps or an artifact upload.
 */
export async function setPlanOutputs(plan: Plan, tempDir: string): Promise<string> {
  const file = join(tempDir, 'fargatekeeper-plan.json');
  await writeFile(file, renderJson(plan), 'utf8');
  const { summary } = plan;
  core.setOutput('plan-json', file);
  core.setOutput('has-changes', String(plan.hasChanges));
  core.setOutput('creates', String(summary.create));
  core.setOutput('replaces', String(summary.replace));
  core.setOutput('deletes', String(summary['delete-profile']));
  core.setOutput('retags', String(summary.retag));
  core.setOutput('adopts', String(summary['adopt-in-place'] + summary['adopt-by-replace']));
  core.setOutput('role-deletes', String(summary.roleDeletes));
  core.setOutput('fingerprint', plan.fingerprint);
  return file;
}
