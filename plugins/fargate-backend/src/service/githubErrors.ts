import { formatDuration } from '@fargatekeeper/core';

/** One GitHub call as messages name it, and what its failures most likely mean. */
export interface GithubCall {
  /** What the plugin was doing: "listing the specs of https://github.com/acme/platform@main". */
  doing: string;
  /** The permission the integration's token needs, as GitHub names it for apps: "contents: write". */
  permission: string;
  /** What a 404 most likely means here: "the branch main does not exist in acme/platform (fargate.specs.branch)". */
  notFound: string;
}

/**
 * GitHub failed us (an answer we could not use, or no answer). Answered as 502, as 503 when a rate
 * limit stopped the call (try again later) and as 504 when GitHub did not answer in time, with a
 * message that names the call, says what happened and what to do, and nothing else of GitHub's
 * answer: Octokit errors carry the request and the response.
 */
export class GithubError extends Error {
  readonly statusCode: 502 | 503 | 504;

  constructor(message: string, statusCode: 502 | 503 | 504 = 502) {
    super(message);
    this.name = 'GithubError';
    this.statusCode = statusCode;
  }
}

/** Runs GitHub calls, turning what Octokit (or its time bound) throws into a {@link GithubError}. */
export async function githubCall<T>(call: GithubCall, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // Anything else (our own checks, e.g. a tree too large to list) is passed on as it is.
    throw isGithubFailure(error) ? describeGithubError(call, error) : error;
  }
}

/** What Octokit throws (it carries the request), or a time bound of ours that ran out. */
function isGithubFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || error instanceof GithubError) return false;
  const { name, timeoutMs } = error as Failed;
  return 'request' in error || (name === 'TimeoutError' && typeof timeoutMs === 'number');
}

interface Failed {
  request?: unknown;
  status?: number;
  message?: string;
  name?: string;
  cause?: unknown;
  attempt?: number;
  timeoutMs?: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

type Headers = Record<string, string | number | undefined>;

/** What an Octokit error (a `RequestError`, a network error, or the client's timeout) says about a call. */
export function describeGithubError(call: GithubCall, error: unknown, now = Date.now()): GithubError {
  const failed = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Failed;
  const fail = (what: string, todo: string, statusCode: 502 | 503 | 504 = 502) =>
    new GithubError(`GitHub: ${call.doing} failed: ${what}; ${todo}`, statusCode);
  const attempts = failed.attempt && failed.attempt > 1 ? ` (${failed.attempt} attempts)` : '';
  const again = 'try again later; fargate.calls sets the time bound and the attempts';
  if (failed.name === 'TimeoutError' && failed.timeoutMs) {
    return fail(
      `timed out after ${formatDuration(failed.timeoutMs)}${attempts}`,
      `GitHub or the network is slow; ${again}`,
      504,
    );
  }
  const status = typeof failed.status === 'number' ? failed.status : undefined;
  const headers: Headers = failed.response?.headers ?? {};
  // Octokit reports an answer it never got (refused, reset, DNS) as status 500 without a response.
  if (status === undefined || (failed.request && !failed.response)) {
    return fail(
      `no answer (${rootCause(failed)})${attempts}`,
      `check that the integration's apiBaseUrl is reachable from the backend; ${again}`,
    );
  }
  const message = githubMessage(failed);
  const answered = message.startsWith(`${status} `) ? message : `${status} ${message}`;
  const token = 'the token of the GitHub integration (integrations.github)';
  if (
    (status === 403 || status === 429) &&
    (String(headers['x-ratelimit-remaining']) === '0' || /\bAPI rate limit exceeded\b/i.test(message))
  ) {
    return fail(
      `the API rate limit of ${token} is used up (${answered}; ${resetOf(headers, now)})`,
      'try again after the reset, or use a GitHub App, whose limit is higher',
      503,
    );
  }
  if (status === 429 || (status === 403 && /secondary rate limit/i.test(message))) {
    const after = headers['retry-after'] ? `, retry after ${headers['retry-after']} s` : '';
    return fail(
      `GitHub's secondary rate limit stopped it (${answered}${after})`,
      'too many requests in a short time with this token; try again in a few minutes',
      503,
    );
  }
  if (status === 403)
    return fail(`${token} lacks a permission (${answered})`, `give it ${permissionsOf(call, headers)}`);
  if (status === 401)
    return fail(
      `${token} was refused (${answered})`,
      'check the token or the GitHub App credentials there; a token may have expired',
    );
  if (status === 404) {
    return fail(
      `GitHub answered ${answered}`,
      `${call.notFound}, or ${token} cannot see the repository (GitHub answers 404 rather than 403 then: it needs ${permissionsOf(call, headers)})`,
    );
  }
  if (status >= 500)
    return fail(
      `GitHub answered ${answered}${attempts}`,
      `GitHub is having trouble (https://www.githubstatus.com); ${again}`,
    );
  return fail(`GitHub refused it (${answered})`, "GitHub's message says what it did not accept");
}

/**
 * GitHub's own message (`{"message": ...}`) without the documentation link Octokit appends, or the
 * text of a page a proxy answered with (tags dropped, cut short).
 */
function githubMessage(failed: Failed): string {
  const data = failed.response?.data as { message?: unknown } | string | undefined;
  if (typeof data === 'object' && typeof data.message === 'string' && data.message) return data.message;
  const text = typeof data === 'string' && data.trim() ? data : (failed.message ?? 'unknown error');
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ - https:\/\/docs\.github\.com\S*$/, '');
  return plain.length > 120 ? `${plain.slice(0, 119)}…` : plain;
}

/** What went wrong underneath a network error: fetch says "fetch failed", its cause says "connect ECONNREFUSED …". */
function rootCause(failed: Failed): string {
  let error: { message?: unknown; cause?: unknown } = failed;
  // typeof, not instanceof: undici's errors come from another realm under jest.
  for (let depth = 0; depth < 5 && typeof error.cause === 'object' && error.cause !== null; depth++)
    error = error.cause;
  return typeof error.message === 'string' && error.message ? error.message : (failed.message ?? 'unknown error');
}

/** When a used-up rate limit comes back (`x-ratelimit-reset`, epoch seconds). */
function resetOf(headers: Headers, now: number): string {
  const reset = Number(headers['x-ratelimit-reset']) * 1000;
  if (!Number.isFinite(reset) || reset <= 0) return 'no reset time given';
  const minutes = Math.max(1, Math.ceil((reset - now) / 60_000));
  return `it resets at ${new Date(reset).toISOString().slice(11, 16)} UTC, in ${minutes} min`;
}

/**
 * The permission to give: what GitHub says it accepts (`x-accepted-github-permissions:
 * contents=write`, any one will do) or else what the call needs.
 */
function permissionsOf(call: GithubCall, headers: Headers): string {
  const accepted = String(headers['x-accepted-github-permissions'] ?? '')
    .split(/[;,]/)
    .map(entry => entry.trim().split('='))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && pair[1] !== '')
    .map(([name, level]) => `${name.replace(/_/g, '-')}: ${level}`);
  const preferred = accepted.includes(call.permission)
    ? [call.permission, ...accepted.filter(p => p !== call.permission)]
    : accepted;
  return (preferred.length ? preferred : [call.permission]).map(p => `\`${p}\``).join(' or ');
}
