import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { Octokit } from '@octokit/rest';

/** A GitHub repository named by its web URL (`https://github.com/<owner>/<repo>`). */
export interface GithubRepo {
  url: string;
  owner: string;
  repo: string;
}

export function parseGithubRepoUrl(url: string): GithubRepo {
  const parsed = new URL(url);
  const [owner, repo] = parsed.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (!owner || !repo) {
    throw new Error(`fargate.specs.url: '${url}' is not a repository URL like https://github.com/<owner>/<repo>`);
  }
  return { url: `${parsed.origin}/${owner}/${repo}`, owner, repo };
}

/**
 * Octokit clients for the specs repository, authenticated through Backstage's GitHub integration
 * (`integrations.github[]`: token or GitHub App). The API base URL is the integration's, which is
 * how GitHub Enterprise, and a local stand-in in tests and the dev backend, are reached.
 */
export class GithubClientFactory {
  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly logger?: LoggerService,
  ) {}

  async forRepo(repo: GithubRepo): Promise<Octokit> {
    const integration = this.integrations.github.byUrl(repo.url);
    if (!integration) {
      throw new Error(`no GitHub integration matches ${repo.url}; add its host under integrations.github`);
    }
    const { token } = await this.credentials.getCredentials({ url: repo.url });
    return new Octokit({
      ...(token ? { auth: token } : {}),
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      userAgent: 'fargatekeeper-backstage',
      // Failed calls reach the caller as errors (a 404 is often the expected answer): log them at debug.
      log: {
        debug: (message: string) => this.logger?.debug(message),
        info: (message: string) => this.logger?.debug(message),
        warn: (message: string) => this.logger?.warn(message),
        error: (message: string) => this.logger?.debug(message),
      },
    });
  }
}

/**
 * GitHub failed us (an answer we could not use, or no answer). Answered as 502 with GitHub's status
 * and message, and nothing else of GitHub's answer: Octokit errors carry the request and the response.
 */
export class GithubError extends Error {
  readonly statusCode = 502;

  constructor(what: string, cause: unknown) {
    const status = (cause as { status?: number }).status;
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`GitHub could not ${what}${status ? ` (${status})` : ''}: ${message}`);
    this.name = 'GithubError';
  }
}

/** Runs GitHub calls, turning their failures into a {@link GithubError}. */
export async function githubCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof GithubError ? error : new GithubError(what, error);
  }
}
