import type { CallPolicy } from '../callPolicy';

/** The request options Octokit hands a request hook: what the attempt bound reads and sets of them. */
export interface OctokitHookOptions {
  /** The HTTP method, for the error of an attempt that timed out. */
  method: string;
  /** The URL, for the same error. */
  url: string;
  /** The request's settings: the attempt's signal is set here; the retry plugin counts its retries here. */
  request: { signal?: AbortSignal | null; retryCount?: number };
}

/** A throttling plugin handler: true waits the limit out and retries, false fails the call. */
export type OctokitRateLimitHandler = (
  retryAfterSeconds: number,
  options: { method: string; url: string },
  octokit: unknown,
  retryCount: number,
) => boolean;

/** The options of Octokit's retry and throttling plugins under one call policy. */
export interface OctokitRetryOptions {
  /** The retry plugin's `retry` option. */
  retry: { retries: number; doNotRetry: number[] };
  /** Handlers for the throttling plugin's `throttle` option (beside its `id`). */
  rateLimitHandlers: { onRateLimit: OctokitRateLimitHandler; onSecondaryRateLimit: OctokitRateLimitHandler };
}

/**
 * A request hook (`octokit.hook.wrap('request', octokitAttemptBound(policy))`, in a plugin registered
 * before the retry plugin, so it is innermost and every retry gets a fresh bound) that aborts an
 * attempt with no complete answer within the policy's timeout (connecting included), failing it as
 * Octokit fails a network error (status 500, with the request), which the retry plugin retries. Each
 * error is tagged with its attempt, for the message that ends the call. Generic in Octokit's own
 * option and response types, so core needs no dependency on Octokit.
 */
export function octokitAttemptBound(policy: CallPolicy) {
  return async <O extends OctokitHookOptions, R>(request: (options: O) => R | Promise<R>, options: O): Promise<R> => {
    const attempt = Number(options.request.retryCount ?? 0) + 1;
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
  };
}

/**
 * The retry and throttling plugins' options under one call policy: 5xx and network errors retried
 * `attempts - 1` times; 403 and 429 left to the throttling plugin (rate limits) or final
 * (permissions), never retried blindly; a rate limit waited out only when the wait fits in one
 * attempt's time, so the policy bounds the whole call. `log` says each wait.
 */
export function octokitRetryOptions(policy: CallPolicy, log: (message: string) => void): OctokitRetryOptions {
  const retries = Math.max(0, policy.attempts - 1);
  const waitOrGiveUp =
    (limit: string): OctokitRateLimitHandler =>
    (retryAfterSeconds, options, _octokit, retryCount) => {
      if (retryCount >= retries || retryAfterSeconds * 1000 > policy.timeoutMs) return false;
      log(
        `GitHub: ${limit} on ${options.method} ${options.url}; waiting ${retryAfterSeconds} s, then retrying (${retryCount + 1} of ${retries})`,
      );
      return true;
    };
  return {
    retry: { retries, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    rateLimitHandlers: {
      onRateLimit: waitOrGiveUp('rate limit reached'),
      onSecondaryRateLimit: waitOrGiveUp('secondary rate limit reached'),
    },
  };
}
