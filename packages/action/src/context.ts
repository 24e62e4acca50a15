import { existsSync, readFileSync } from 'node:fs';

/** What the runner tells a step about the run, read from its environment (the same variables `@actions/github` reads). */
export interface RunContext {
  eventName: string;
  /** The webhook payload of the event that started the run (`GITHUB_EVENT_PATH`). */
  payload: EventPayload;
  owner: string;
  repo: string;
  sha: string;
  ref: string;
  apiUrl: string;
  serverUrl: string;
  runId?: string;
  /** Where relative paths start (`GITHUB_WORKSPACE`, else the current directory). */
  workspace: string;
  /** Scratch space that lives as long as the job (`RUNNER_TEMP`). */
  tempDir: string;
}

interface RepositoryPayload {
  full_name?: string;
  name?: string;
  owner?: { login?: string };
  default_branch?: string;
}

export interface PullRequestPayload {
  number: number;
  html_url?: string;
  head: { sha: string; ref?: string; repo?: RepositoryPayload | null };
  base: { sha?: string; ref?: string; repo?: RepositoryPayload | null };
}

/** The few payload fields the action reads; everything else is passed through untouched. */
export interface EventPayload {
  action?: string;
  pull_request?: PullRequestPayload;
  repository?: RepositoryPayload;
  [key: string]: unknown;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const payload = readPayload(env.GITHUB_EVENT_PATH);
  const [owner, repo] = ownerAndRepo(env, payload);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    runId: env.GITHUB_RUN_ID,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    tempDir: env.RUNNER_TEMP ?? env.TMPDIR ?? '/tmp',
  };
}

function readPayload(path: string | undefined): EventPayload {
  if (!path) return {};
  if (!existsSync(path)) throw new Error(`GITHUB_EVENT_PATH points at ${path}, which does not exist`);
  return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
}

function ownerAndRepo(env: NodeJS.ProcessEnv, payload: EventPayload): [string, string] {
  const fullName = env.GITHUB_REPOSITORY ?? payload.repository?.full_name;
  const [owner, repo] = (fullName ?? '').split('/');
  if (!owner || !repo) {
    throw new Error("GITHUB_REPOSITORY is not set (expected 'owner/repo'); run this as a step of a GitHub Actions job");
  }
  return [owner, repo];
}

/** The workflow run's page, when the runner says which run this is. */
export const runUrlOf = (context: RunContext): string | undefined =>
  context.runId ? `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}` : undefined;

/** Just owner and repo, for REST calls (spreading the whole context would send its fields as parameters). */
export const repositoryOf = (context: RunContext): { owner: string; repo: string } => ({
  owner: context.owner,
  repo: context.repo,
});

/** The repository's default branch as the event payload names it (push, pull_request and schedule payloads carry it). */
export const defaultBranchOf = (context: RunContext): string | undefined => context.payload.repository?.default_branch;

/**
 * A pull request from a fork gets a read-only token on `pull_request`, so commenting would fail.
 * A head repository that was deleted (`repo: null`) counts as a fork too.
 */
export function isForkPullRequest(pullRequest: PullRequestPayload): boolean {
  if (pullRequest.head.repo === null) return true;
  const head = pullRequest.head.repo?.full_name;
  const base = pullRequest.base.repo?.full_name;
  return !!head && !!base && head.toLowerCase() !== base.toLowerCase();
}
