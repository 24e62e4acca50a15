import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plan } from '@fargatekeeper/core';
import { runCli } from '../../cli/src/testing/runCli';
import { FakeGitHub } from './fakeGitHub';
import { pullRequestEvent } from './fixtures/events';
import { makeWorkspace, repoRoot, runAction } from './runAction';

/**
 * The Action and the CLI open a simulated account by core's one rule: its own region is the run's,
 * and AWS_REGION / AWS_DEFAULT_REGION (which a runner with configure-aws-credentials always has) do
 * not apply to it. Planned in the runner's region, the demo's clusters would all look missing and
 * the plan would delete their live profiles.
 */
jest.setTimeout(30_000);

const otherRegion = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' };

let api: FakeGitHub;
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.addPullRequest(7);
});
afterEach(() => api.stop());

/** A checkout holding the examples (every kind of change) as its specs folder, and their simulated account. */
function examplesWorkspace(): string {
  const workspace = makeWorkspace();
  rmSync(join(workspace, 'fargate'), { recursive: true });
  cpSync(join(repoRoot, 'examples/specs'), join(workspace, 'fargate'), { recursive: true });
  cpSync(join(repoRoot, 'examples/sim-account.json'), join(workspace, 'sim-account.json'));
  return workspace;
}

it('plans a simulated account exactly as the CLI does, with AWS_REGION set to another region', async () => {
  const workspace = examplesWorkspace();
  const run = await runAction({
    workspace,
    event: pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) }),
    apiUrl: api.url,
    inputs: { 'simulated-account': 'sim-account.json', cluster: 'staging' },
    env: otherRegion,
  });
  if (run.exitCode !== 0) throw new Error(`exit code ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toContain('default region eu-west-1');
  const fromAction = JSON.parse(readFileSync(run.outputs['plan-json']!, 'utf8')) as Plan;

  // The CLI names spec files as given on its command line; the Action relative to the workspace.
  const specs = relative(process.cwd(), join(workspace, 'fargate'));
  const cli = await runCli(
    // The Action's source is GITHUB_REPOSITORY and the specs input; the CLI is told the same.
    [
      'plan',
      '--specs',
      specs,
      '--sim',
      join(workspace, 'sim-account.json'),
      '--cluster',
      'staging',
      '--source',
      'octo-org/platform-specs:fargate',
      '--format',
      'json',
    ],
    { env: otherRegion },
  );
  expect(cli.stderr).toBe('');
  const fromCli = JSON.parse(cli.stdout.split(`${specs}/`).join('fargate/')) as Plan;

  expect(fromAction.clusters.map(c => `${c.cluster} (${c.region})`)).toEqual([
    'prod-eu (eu-west-1)',
    'staging (eu-west-1)',
  ]);
  expect(fromAction.summary).toEqual(fromCli.summary);
  expect(fromAction.clusters).toEqual(fromCli.clusters);
  expect(fromAction.fingerprint).toBe(fromCli.fingerprint);
  // The demo deletes one profile whose spec is gone (`reports`), not the live profiles of every cluster.
  expect(fromAction.summary['delete-profile']).toBe(1);
  // The step's outputs count the demo's operations: one of each kind a spec causes, three creates, a second
  // adopt (instance-manager's profile of `batch-workers`, adopted by its name) and a second retag: the
  // up-to-date `ingest` made before profiles carried their source is claimed (tagged).
  expect(run.outputs).toMatchObject({
    'has-changes': 'true',
    creates: '3',
    replaces: '1',
    deletes: '1',
    retags: '2',
    adopts: '2',
    'role-deletes': '0',
  });
});

it("inspects its `cluster` input as the CLI inspects --cluster: removing a cluster's last spec plans the deletion of its profiles", async () => {
  const workspace = examplesWorkspace();
  // No spec names `staging` any more: its managed profile (`ingest`) must be planned for deletion, not forgotten.
  rmSync(join(workspace, 'fargate/native/staging.yaml'));
  rmSync(join(workspace, 'fargate/fargate-operator'), { recursive: true });
  const run = await runAction({
    workspace,
    event: pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) }),
    apiUrl: api.url,
    inputs: { 'simulated-account': 'sim-account.json', cluster: 'staging' },
    env: otherRegion,
  });
  if (run.exitCode !== 0) throw new Error(`exit code ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
  const fromAction = JSON.parse(readFileSync(run.outputs['plan-json']!, 'utf8')) as Plan;
  const staging = fromAction.clusters.find(c => c.cluster === 'staging');
  expect(
    staging?.operations.filter(o => o.op === 'delete-profile').map(o => o.op === 'delete-profile' && o.profile),
  ).toEqual(['ingest-480bf2c9']);
});
