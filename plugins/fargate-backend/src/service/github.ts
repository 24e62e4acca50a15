import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubCredentialsProvider, ScmIntegrationRegistry } from '@backstage/integration';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '@fargatekeeper/core';
import { retry } from '@octokit/plugin-retry';
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
    this.Client = Octokit.plugin(attemptTimeout(policy), retry, throttling);
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
    const retries = Math.max(0, this.policy.attempts - 1);
    const waitOrGiveUp =
      (limit: string) =>
      (retryAfterSeconds: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        if (retryCount >= retries || retryAfterSeconds * 1000 > this.policy.timeoutMs) return false;
        this.logger?.warn(
          `GitHub: ${limit} on ${options.method} ${options.url}; waiting ${retryAfterSeconds} s, then retrying (${retryCount + 1} of ${retries})`,
        );
        return true;
      };
    return new this.Client({
      ...(token ? { auth: token } : {}),
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      userAgent: 'fargatekeeper-backstage',
      // 403 and 429 are the throttling plugin's (rate limits) or final (permissions): never retried blindly.
      retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        id: this.throttleId,
        ...this.writes,
        onRateLimit: waitOrGiveUp('rate limit reached'),
        onSecondaryRateLimit: waitOrGiveUp('secondary rate limit reached'),
      },
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

/**
 * Aborts an attempt that has no complete answer within the policy's timeout (connecting included),
 * failing it like Octokit fails a network error (status 500, with the request), which the retry
 * plugin retries. Each error is tagged with its attempt, for the message that ends the call.
 */
function attemptTimeout(policy: CallPolicy) {
  return (octokit: Pick<Octokit, 'hook'>) => {
    octokit.hook.wrap('request', async (request, options) => {
      const attempt = Number((options.request as { retryCount?: number }).retryCount ?? 0) + 1;
      // Set on the options themselves: hooks pass them on by reference (arguments to `request` are ignored).
      const signal = AbortSignal.timeout(policy.timeoutMs);
      options.request.signal = signal;
      try {
        return await request(options);
      } catch (error) {
        if (!signal.aborted) throw Object.assign(error as object, { attempt });
        throw Object.assign(new Error(`timed out after ${policy.timeoutMs} ms`), {
          name: 'TimeoutError',
          status: 500,
          request: (error as { request?: unknown }).request ?? {
            method: options.method,
            url: options.url,
            headers: {},
            request: options.request,
          },
          timeoutMs: policy.timeoutMs,
          attempt,
          cause: error,
        });
      }
    });
  };
}
