import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeGitHub } from '../test/fakeGitHub';
import { pushEvent, type GitHubEvent } from '../test/fixtures/events';
import { inputVariable, makeWorkspace, parseOutputs } from '../test/runAction';
import { run } from './main';

/** run() in this process, with the runner's variables set for the duration of the call. */
async function runInProcess(event: GitHubEvent, inputs: Record<string, string>, apiUrl: string) {
  const workspace = makeWorkspace();
  const temp = join(workspace, '../_temp');
  const files = { event: join(temp, 'event.json'), output: join(temp, 'output'), summary: join(temp, 'summary') };
  writeFileSync(files.event, JSON.stringify(event.payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const saved = process.env;
  process.env = {
    PATH: saved.PATH,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/platform-specs',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_API_URL: apiUrl,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    ...Object.fromEntries(Object.entries({ 'github-token': 'ghs_test', ...inputs }).map(([k, v]) => [inputVariable(k), v.replace('$WORKSPACE', workspace)])),
  };
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await run();
    return { log: lines.join(''), exitCode: process.exitCode, outputs: parseOutputs(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8') };
  } finally {
    process.stdout.write = write;
    process.env = saved;
    process.exitCode = undefined;
  }
}

describe('run', () => {
  let api: FakeGitHub;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
  });
  afterEach(() => api.stop());
  const push = pushEvent({ after: 'e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1' });

  it('fails the step, naming the input, when an input is wrong', async () => {
    const result = await runInProcess(push, { mode: 'destroy' }, api.url);
    expect(result.exitCode).toBe(1);
    expect(result.log).toContain("::error::Input 'mode' must be one of auto, plan, apply, drift (got 'destroy')");
    expect(api.requests).toEqual([]);
  });

  it('plans instead of applying when the mode input says so, touching neither AWS nor GitHub', async () => {
    const result = await runInProcess(push, { mode: 'plan', 'simulated-account': '$WORKSPACE/sim-account.json' }, api.url);
    expect(result.exitCode).toBeUndefined();
    expect(result.log).toContain("fargatekeeper: mode input 'plan'");
    expect(result.outputs).toMatchObject({ 'has-changes': 'true', creates: '1' });
    expect(result.summary).toContain('Plan: 1 to create');
    // The links in the plan point at the spec in the repository at the planned commit.
    expect(result.summary).toContain('https://github.com/octo-org/platform-specs/blob/e5a1f3b0c4d2e6f8a0b1c3d5e7f9a1b3c5d7e9f1/fargate/payments.yaml#L2');
    expect(api.requests).toEqual([]);
  });

  it('says which input to fix when the specs folder is missing', async () => {
    const result = await runInProcess(push, { mode: 'plan', specs: 'infra/fargate', 'simulated-account': '$WORKSPACE/sim-account.json' }, api.url);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error title=fargatekeeper spec.folder-missing::specs folder `[^`]*infra\/fargate` does not exist%0AHint: set the 'specs' input/);
    expect(result.log).toContain('::error::The specs have 1 error');
  });

  it('points at the simulated account file when it is broken', async () => {
    const result = await runInProcess(push, { mode: 'drift', 'simulated-account': '$WORKSPACE/fargate/payments.yaml' }, api.url);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::.*fargate\/payments\.yaml.*not valid JSON/);
    expect(result.summary).toMatch(/^### fargatekeeper failed\n\n```text\n.*fargate\/payments\.yaml.*not valid JSON/);
  });
});
