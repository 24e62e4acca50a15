import type { GitHubClient } from './github';
import { GitHubCallError, gitHubCall } from './githubErrors';

/** The login of comments the workflow token (GITHUB_TOKEN, the GitHub Actions app's installation token) writes. */
export const WORKFLOW_TOKEN_LOGIN = 'github-actions[bot]';

/**
 * The login the token's comments carry: the only author whose plan comment the action edits or trusts.
 * `GET /user` names the user behind a personal or user-to-server token. An installation token may not
 * call it (403 "Resource not accessible by integration", and `GET /app` needs the app's JWT), and its
 * comments are attributed to the app's bot: `github-actions[bot]` for the workflow token, or
 * `configured` (the `comment-author` input, `<app-slug>[bot]`) for another app's token.
 */
export async function tokenLogin(github: GitHubClient, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const asking = {
    doing: 'asking GitHub whom the token acts as (GET /user)',
    permission: 'none',
    notFound: 'GET /user is not served by this GitHub',
  };
  try {
    const { data } = await gitHubCall(asking, () => github.rest.users.getAuthenticated());
    return data.login;
  } catch (error) {
    if (error instanceof GitHubCallError && error.failure === 'permission') return WORKFLOW_TOKEN_LOGIN;
    throw error;
  }
}

/** GraphQL names a bot without the `[bot]` that REST adds: `github-actions` for `github-actions[bot]`. */
export const sameLogin = (a: string, b: string): boolean =>
  a.replace(/\[bot\]$/, '').toLowerCase() === b.replace(/\[bot\]$/, '').toLowerCase();
