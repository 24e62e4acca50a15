import { getOctokit } from '@actions/github';
import { octokitAttemptBound, octokitRetryOptions, type CallPolicy } from '@fargatekeeper/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubClient } from './github';

/**
 * Octokit as the action uses it: `@actions/github`'s client (proxy support, GITHUB_API_URL) with a
 * time bound on every attempt, the retry plugin for 5xx and network errors, and the throttling plugin
 * for rate limits, all bounded by one {@link CallPolicy} through core's Octokit options (the backend's
 * too). This file and what it imports are bundled apart and compiled on first use (build.mjs): a drift
 * check never talks to GitHub.
 */
export function buildOctokit(token: string, apiUrl: string, policy: CallPolicy, log: (message: string) => void) {
  const { retry: retryOptions, rateLimitHandlers } = octokitRetryOptions(policy, log);
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      retry: retryOptions,
      throttle: {
        // The plugin's limiters are shared per id across clients; each client paces its own requests.
        // Its pause between writes (1 s, 3 s when GitHub notifies) is kept: a run makes one to three.
        id: `fargatekeeper-${++clients}`,
        ...rateLimitHandlers,
      },
    },
    // Registered first, so it is innermost: every retry gets a fresh time bound.
    (octokit: Pick<GitHubClient, 'hook'>) => octokit.hook.wrap('request', octokitAttemptBound(policy)),
    retry,
    throttling,
  );
}

let clients = 0;
