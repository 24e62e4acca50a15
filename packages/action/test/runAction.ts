import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { GitHubEvent } from './fixtures/events';
import { FULL_NAME } from './fixtures/events';

export const repoRoot = join(__dirname, '../../..');
export const bundlePath = join(repoRoot, 'packages/action/dist/index.js');
export const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';

/** What a step run leaves behind: exit code, log, the outputs and summary files the runner reads. */
export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Wall time of the process. */
  ms: number;
}

/** A fresh checkout of the fixture repository (specs and a simulated account) in a temporary folder. */
export function makeWorkspace(fixture = 'repo'): string {
  const root = mkdtempSync(join(tmpdir(), 'fk-action-'));
  const workspace = join(root, 'platform-specs');
  cpSync(join(__dirname, 'fixtures', fixture), workspace, { recursive: true });
  mkdirSync(join(root, '_temp'));
  return workspace;
}

/** Input defaults from action.yml, as the runner fills them in for inputs the workflow leaves out. */
function actionDefaults(): Record<string, string> {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      String(input.default ?? '').replace('${{ github.token }}', TOKEN),
    ]),
  );
}

/** The runner's INPUT_ variable name: upper-cased, spaces to underscores, hyphens kept (INPUT_GITHUB-TOKEN). */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/**
 * Runs the committed bundle the way the runner runs a `node24` action: a separate node process in the
 * workspace, inputs as INPUT_* variables, the event payload in a file, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files to write to, and GITHUB_API_URL pointing at the test's API server.
 */
export async function runAction(options: {
  workspace: string;
  event: GitHubEvent;
  apiUrl: string;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const temp = join(options.workspace, '../_temp');
  const id = Math.random().toString(36).slice(2);
  const files = {
    event: join(temp, `event-${id}.json`),
    output: join(temp, `output-${id}`),
    summary: join(temp, `summary-${id}`),
  };
  writeFileSync(files.event, JSON.stringify(options.event.payload, null, 2));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const inputs = { ...actionDefaults(), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: FULL_NAME,
    GITHUB_REPOSITORY_OWNER: FULL_NAME.split('/')[0]!,
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_SHA: options.event.sha,
    GITHUB_REF: options.event.ref,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '11223344556',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
    ...options.env,
  };
  const started = performance.now();
  const child = spawn(process.execPath, [bundlePath], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const exitCode = await new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    ms: performance.now() - started,
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks (and, older, `name=value` lines). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const [name, ...value] = lines[i]!.split('=');
      outputs[name!] = value.join('=');
    }
  }
  return outputs;
}
