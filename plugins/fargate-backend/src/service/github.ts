import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { DEFAULT_CALL_POLICY, octokitAttemptBound, octokitRetryOptions, type CallPolicy } from '@fargatekeeper/core';
import { retry as retryPlugin } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { GithubError, githubCall } from './githubErrors';

/** A GitHub repository named by its web URL (`https://github.com/<owner>/<repo>`). */
export interface GithubRepo {
  url: string;
  owner: string;
  repo: string;
}

export function parseGithubRepoUrl(url: string): GithubRepo {
  const parsed = new URL(url);
  const [owner, repo] = parsed.pathname
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/, '')
    .split('/');
  if (!owner || !repo) {
    throw new Error(`fargate.specs.url: '${url}' is not a repository URL like https://github.com/<owner>/<repo>`);
  }
  return { url: `${parsed.origin}/${owner}/${repo}`, owner, repo };
}

/**
 * Octokit clients for the specs repository, authenticated through Backstage's GitHub integration
 * (`integrations.github[]`: token or GitHub App). The API base URL is the integration's, which is
 * how GitHub Enterprise, and a local stand-in in tests and the dev backend, are reached. Every call
 * is bounded by the call policy (`fargate.calls`): each attempt by its timeout, 5xx and network errors
 * retried by the retry plugin, rate limits waited out by the throttling plugin when that takes no
 * longer than one attempt, so a route answers within about `timeout × attempts`.
 */
export class GithubClientFactory {
  private readonly Client: typeof Octokit;
  // The throttling plugin paces requests per id: the clients of one factory share one token's limits.
  private readonly throttleId = `fargatekeeper-backend-${++factories}`;
  /**
   * Writes one at a time, but without the plugin's pause of 1 s (3 s when GitHub notifies) before
   * each: that pause is for bulk writers, while a portal request makes four writes and a person waits
   * for them. Rate limits GitHub reports are still waited out.
   */
  private readonly writes = {
    write: new Bottleneck.Group({ maxConcurrent: 1 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
  };

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly logger?: LoggerService,
    private readonly policy: CallPolicy = DEFAULT_CALL_POLICY,
  ) {
    // Registered first, so it is innermost: every retry gets a fresh time bound.
    this.Client = Octokit.plugin(
      (octokit: Pick<Octokit, 'hook'>) => octokit.hook.wrap('request', octokitAttemptBound(policy)),
      retryPlugin,
      throttling,
    );
  }

  async forRepo(repo: GithubRepo): Promise<Octokit> {
    const integration = this.integrations.github.byUrl(repo.url);
    if (!integration) {
      throw new GithubError(`GitHub: no integration matches ${repo.url}; add its host under integrations.github`);
    }
    const { token } = await githubCall(
      {
        doing: `getting a token for ${repo.url} from integrations.github`,
        permission: 'metadata: read',
        notFound: `the GitHub App is not installed for ${repo.owner}`,
      },
      // A GitHub App's token comes from Backstage's own client, which has no time bound: give it the policy's.
      () => withDeadline(this.credentials.getCredentials({ url: repo.url }), this.policy),
    );
    const { retry, rateLimitHandlers } = octokitRetryOptions(this.policy, message => this.logger?.warn(message));
    return new this.Client({
      ...(token ? { auth: token } : {}),
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      userAgent: 'fargatekeeper-backstage',
      retry,
      throttle: { id: this.throttleId, ...this.writes, ...rateLimitHandlers },
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

let factories = 0;

/** Waits for a call we cannot abort at most as long as the policy allows all its attempts. */
async function withDeadline<T>(call: Promise<T>, policy: CallPolicy): Promise<T> {
  const limitMs = policy.timeoutMs * policy.attempts;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError', timeoutMs: limitMs })),
      limitMs,
    );
  });
  try {
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
