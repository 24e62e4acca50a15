import { getOctokit } from '@actions/github';
import type { CallPolicy } from '@fargatekeeper/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubClient } from './github';

/**
 * Octokit as the action uses it: `@actions/github`'s client (proxy support, GITHUB_API_URL) with a
 * time bound on every attempt, the retry plugin for 5xx and network errors, and the throttling plugin
 * for rate limits, all bounded by one {@link CallPolicy}. This file and what it imports are bundled
 * apart and compiled on first use (build.mjs): a drift check never talks to GitHub.
 */
export function buildOctokit(token: string, apiUrl: string, policy: CallPolicy, log: (message: string) => void) {
  const retries = Math.max(0, policy.attempts - 1);
  // One attempt's time is also the longest a rate limit is waited out: the policy bounds the whole call.
  const waitOrGiveUp =
    (limit: string) =>
    (retryAfterSeconds: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= retries || retryAfterSeconds * 1000 > policy.timeoutMs) return false;
      log(
        `GitHub: ${limit} on ${options.method} ${options.url}; waiting ${retryAfterSeconds} s, then retrying (${retryCount + 1} of ${retries})`,
      );
      return true;
    };
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      // 403 and 429 are the throttling plugin's (rate limits) or final (permissions): never retried blindly.
      retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle: {
        // The plugin's limiters are shared per id across clients; each client paces its own requests.
        // Its pause between writes (1 s, 3 s when GitHub notifies) is kept: a run makes one to three.
        id: `fargatekeeper-${++clients}`,
        onRateLimit: waitOrGiveUp('rate limit reached'),
        onSecondaryRateLimit: waitOrGiveUp('secondary rate limit reached'),
      },
    },
    // Registered first, so it is innermost: every retry gets a fresh time bound.
    attemptTimeout(policy),
    retry,
    throttling,
  );
}

let clients = 0;

/**
 * Aborts an attempt that has no complete answer within the policy's timeout (connecting included),
 * failing it like Octokit fails a network error (status 500, with the request), which the retry
 * plugin retries. Each error is tagged with its attempt, for the message that ends the call.
 */
function attemptTimeout(policy: CallPolicy) {
  return (octokit: Pick<GitHubClient, 'hook'>) => {
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
