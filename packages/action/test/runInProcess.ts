import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../src/main';
import type { GitHubEvent } from './fixtures/events';
import { inputVariable, makeWorkspace, parseOutputs } from './runAction';

/** What run() left behind: the log it wrote, the exit code it set, the outputs and summary files. */
export interface InProcessRun {
  log: string;
  exitCode: typeof process.exitCode;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * run() in this process, with the runner's variables set for the duration of the call: the inputs
 * (`github-token` is `ghs_test` unless given; `$WORKSPACE` in a value is the workspace), the event
 * payload in a file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. The workspace is a fresh one unless
 * given; `onLine` sees each log line as it is written (and may send a signal); `env` adds variables (AWS credentials).
 */
export async function runInProcess(
  event: GitHubEvent,
  inputs: Record<string, string>,
  apiUrl: string,
  options: { workspace?: string; onLine?: (line: string) => void; env?: Record<string, string> } = {},
): Promise<InProcessRun> {
  const workspace = options.workspace ?? makeWorkspace();
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
    ...options.env,
    ...Object.fromEntries(
      Object.entries({ 'github-token': 'ghs_test', ...inputs }).map(([k, v]) => [
        inputVariable(k),
        v.replace('$WORKSPACE', workspace),
      ]),
    ),
  };
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    lines.push(String(chunk));
    options.onLine?.(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
    return {
      log: lines.join(''),
      exitCode: process.exitCode,
      outputs: parseOutputs(readFileSync(files.output, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    };
  } finally {
    process.stdout.write = write;
    process.env = saved;
    process.exitCode = undefined;
  }
}
