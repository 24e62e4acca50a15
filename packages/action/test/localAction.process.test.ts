import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FakeGitHub } from './fakeGitHub';
import { FULL_NAME, pullRequestEvent } from './fixtures/events';
import { inputVariable, makeWorkspace, parseOutputs, repoRoot, TOKEN } from './runAction';

/**
 * GitHub's @github/local-action runs the committed ES module packages/action/dist/main.mjs (its run()),
 * as a developer would: `npx local-action . packages/action/dist/main.mjs .env`, the run's variables and
 * inputs in the .env file. Here: a plan on a pull request against the fixture's simulated account, with
 * the local GitHub stand-in as the API. The bundle carries its own @actions/core, so local-action's
 * stand-ins for the toolkit stay unused: inputs come from the INPUT_ variables and outputs go to the
 * GITHUB_OUTPUT file, as on a runner.
 */
jest.setTimeout(90_000);

const run = promisify(execFile);

let api: FakeGitHub;
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.addPullRequest(7);
});
afterEach(() => api.stop());

it('runs a plan with the comment and sets the outputs', async () => {
  const workspace = makeWorkspace();
  const temp = join(workspace, '../_temp');
  const event = pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) });
  const files = { event: join(temp, 'event.json'), output: join(temp, 'output'), summary: join(temp, 'summary') };
  writeFileSync(files.event, JSON.stringify(event.payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const variables = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: FULL_NAME,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '11223344556',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    NO_COLOR: '1',
    // The inputs; a missing one takes its documented default, but the token is the runner's to fill in.
    [inputVariable('specs')]: 'fargate',
    [inputVariable('mode')]: 'auto',
    [inputVariable('github-token')]: TOKEN,
    [inputVariable('comment')]: 'true',
    [inputVariable('simulated-account')]: 'sim-account.json',
  };
  const envFile = join(temp, '.env');
  writeFileSync(
    envFile,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );

  const localAction = join(repoRoot, 'node_modules/@github/local-action/bin/local-action.js');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? temp };
  const { stdout } = await run(process.execPath, [localAction, '.', 'packages/action/dist/main.mjs', envFile], {
    cwd: repoRoot,
    env,
  });

  // local-action's own report of what it ran, then the action's log.
  expect(stdout).toMatch(/Entrypoint.*packages\/action\/dist\/main\.mjs/);
  expect(stdout).toContain('fargatekeeper: pull_request → plan');
  expect(stdout).toContain('Plan: 1 to create, 0 to replace, 0 to delete.');
  const outputs = parseOutputs(readFileSync(files.output, 'utf8'));
  expect(outputs).toMatchObject({
    'has-changes': 'true',
    creates: '1',
    replaces: '0',
    deletes: '0',
    fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(JSON.parse(readFileSync(outputs['plan-json']!, 'utf8'))).toMatchObject({ formatVersion: 2, hasChanges: true });
  expect(readFileSync(files.summary, 'utf8')).toContain('Plan: 1 to create');
  // The comment went to the stand-in: the GitHub part (octokit.cjs) loaded and ran under local-action too.
  expect(api.commentsOn(7)).toHaveLength(1);
  expect(outputs['comment-url']).toMatch(/^https:\/\/github\.com\/octo-org\/platform-specs\/pull\/7#issuecomment-\d+$/);
});
