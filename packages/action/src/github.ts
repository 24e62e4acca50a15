import * as core from '@actions/core';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '@fargatekeeper/core';
import type { getOctokit } from '@actions/github';

/** The REST client with the pagination plugin, as `@actions/github` builds it (proxy support included). */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface Repository {
  owner: string;
  repo: string;
}

/**
 * Pass the API URL the run context read (`GITHUB_API_URL`), so GitHub Enterprise Server and the tests'
 * local server are honoured, and the call policy of the inputs: each attempt is bounded by its timeout,
 * 5xx and network errors are retried, rate limits waited out within it (see octokit.ts). Octokit and
 * undici are loaded here, on first use: a drift check never needs them (see build.mjs on cold start).
 */
export async function createGitHubClient(
  token: string,
  apiUrl: string,
  policy: CallPolicy = DEFAULT_CALL_POLICY,
): Promise<GitHubClient> {
  const { buildOctokit } = await import('./octokit');
  return buildOctokit(token, apiUrl, policy, core.info);
}
