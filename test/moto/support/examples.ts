import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { SimState } from '@fargatekeeper/core';
import { readSpecFolder } from '@fargatekeeper/core/node';
import { REPO_ROOT as ROOT } from './moto';

/** `npm run demo` plans the examples with `--cluster staging`: the fargate-operator spec's cluster, and inspected even without specs. */
export const EXAMPLES_CLUSTER = 'staging';

/** examples/sim-account.json and the spec files of examples/specs, by their paths from the repository root. */
export async function readExamples(): Promise<{ state: SimState; files: Record<string, string> }> {
  const state = JSON.parse(await readFile(resolve(ROOT, 'examples/sim-account.json'), 'utf8')) as SimState;
  const files = await readSpecFolder(resolve(ROOT, 'examples/specs'));
  return { state, files: Object.fromEntries(files.map(f => [relative(ROOT, resolve(ROOT, f.path)), f.content])) };
}

/** Every cluster of the examples' account, so a plan inspects each (as the demo and the backend do). */
export const clustersOf = (state: SimState): string[] => state.clusters.map(c => c.name);
