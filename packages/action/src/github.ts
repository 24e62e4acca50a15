import type { getOctokit } from '@actions/github';

/** The REST client with the pagination plugin, as `@actions/github` builds it (proxy support included). */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface Repository {
  owner: string;
  repo: string;
}

/**
 * Pass the API URL the run context read (`GITHUB_API_URL`), so GitHub Enterprise Server and the tests'
 * local server are honoured. `@actions/github` (Octokit and undici) is loaded here, on first use:
 * a drift check never needs it (see build.mjs on cold start).
 */
export async function createGitHubClient(token: string, apiUrl: string): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github');
  return getOctokit(token, { baseUrl: apiUrl });
}

/** The HTTP status of an Octokit `RequestError`, if that is what was thrown. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
