import { getOctokit } from '@actions/github';

/** The REST client with the pagination plugin, as `@actions/github` builds it (proxy support included). */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface Repository {
  owner: string;
  repo: string;
}

/**
 * `@actions/github` reads `GITHUB_API_URL` once, when it is imported; pass the URL the run context
 * read so GitHub Enterprise Server and the tests' local server are honoured whenever the client is made.
 */
export const createGitHubClient = (token: string, apiUrl: string): GitHubClient => getOctokit(token, { baseUrl: apiUrl });

/** The HTTP status of an Octokit `RequestError`, if that is what was thrown. */
export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
