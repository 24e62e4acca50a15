import { formatDuration } from '@fargatekeeper/core';

/** One GitHub call as messages name it, and what its failures most likely mean. */
export interface GitHubCall {
  /** What the action was doing: "creating the plan comment on pull request #7". */
  doing: string;
  /** The workflow permission it needs, as `permissions:` spells it: "pull-requests: write". */
  permission: string;
  /** What a 404 most likely means here: "pull request #7 does not exist in octo-org/platform-specs". */
  notFound: string;
}

/** Why a call failed, for the caller to decide on (a missing permission to comment is only a notice). */
export type GitHubFailure =
  'rate-limit' | 'permission' | 'not-found' | 'authentication' | 'timeout' | 'unavailable' | 'refused';

/** A failed GitHub call, with a message that names the call, says what happened and what to do. */
export class GitHubCallError extends Error {
  override name = 'GitHubCallError';

  constructor(
    message: string,
    readonly failure: GitHubFailure,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** Runs a call (or a few, paginated), turning what fails into a {@link GitHubCallError}. */
export async function gitHubCall<T>(call: GitHubCall, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // Only what Octokit (or its time bound) threw is GitHub's doing; anything else is passed on as it is.
    throw isRequestFailure(error) ? describeGitHubError(call, error) : error;
  }
}

function isRequestFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'request' in error && !(error instanceof GitHubCallError);
}

/** What an Octokit error (a `RequestError`, a network error, or the action's timeout) says about a call. */
export function describeGitHubError(call: GitHubCall, error: unknown, now = Date.now()): GitHubCallError {
  const { failure, status, what, todo } = classify(call, error, now);
  return new GitHubCallError(`GitHub: ${call.doing} failed: ${what}; ${todo}`, failure, status);
}

interface Failed {
  request?: unknown;
  status?: number;
  message?: string;
  name?: string;
  attempt?: number;
  timeoutMs?: number;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function classify(
  call: GitHubCall,
  error: unknown,
  now: number,
): { failure: GitHubFailure; status?: number; what: string; todo: string } {
  const failed = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Failed;
  const attempts = failed.attempt && failed.attempt > 1 ? ` (${failed.attempt} attempts)` : '';
  const again = 're-run the job, and if this persists raise the `call-timeout` or `call-attempts` inputs';
  if (failed.name === 'TimeoutError' && failed.timeoutMs) {
    return {
      failure: 'timeout',
      what: `timed out after ${formatDuration(failed.timeoutMs)}${attempts}`,
      todo: `GitHub or the network is slow; ${again}`,
    };
  }
  const status = typeof failed.status === 'number' ? failed.status : undefined;
  const headers = failed.response?.headers ?? {};
  const message = githubMessage(failed);
  // Octokit reports an answer it never got (refused, reset, DNS) as status 500 without a response.
  if (status === undefined || (failed.request && !failed.response)) {
    return {
      failure: 'unavailable',
      what: `no answer (${rootCause(failed)})${attempts}`,
      todo: `check that GITHUB_API_URL is reachable from the runner; ${again}`,
    };
  }
  const answered = message.startsWith(`${status} `) ? message : `${status} ${message}`;
  if (
    (status === 403 || status === 429) &&
    (String(headers['x-ratelimit-remaining']) === '0' || /\bAPI rate limit exceeded\b/i.test(message))
  ) {
    return {
      failure: 'rate-limit',
      status,
      what: `the token's API rate limit is used up (${answered}; ${resetOf(headers, now)})`,
      todo: 're-run the job after the reset, or use a token with a higher limit (a GitHub App installation token)',
    };
  }
  if (status === 429 || (status === 403 && /secondary rate limit/i.test(message))) {
    const after = headers['retry-after'] ? `, retry after ${headers['retry-after']} s` : '';
    return {
      failure: 'rate-limit',
      status,
      what: `GitHub's secondary rate limit stopped it (${answered}${after})`,
      todo: 'too many requests in a short time with this token (other workflows count too); re-run the job in a few minutes',
    };
  }
  if (status === 403) {
    return {
      failure: 'permission',
      status,
      what: `the token lacks a permission (${answered})`,
      todo: `add ${permissionsOf(call, headers)} to the workflow's \`permissions:\``,
    };
  }
  if (status === 401) {
    return {
      failure: 'authentication',
      status,
      what: `the token was refused (${answered})`,
      todo: "check the 'github-token' input (its default, `${{ github.token }}`, works; a personal token may have expired)",
    };
  }
  if (status === 404) {
    return {
      failure: 'not-found',
      status,
      what: `GitHub answered ${answered}`,
      todo: `${call.notFound}, or the token cannot see the repository (GitHub answers 404 rather than 403 then: it needs ${permissionsOf(call, headers)})`,
    };
  }
  if (status >= 500) {
    return {
      failure: 'unavailable',
      status,
      what: `GitHub answered ${answered}${attempts}`,
      todo: `GitHub is having trouble (https://www.githubstatus.com); ${again}`,
    };
  }
  return {
    failure: 'refused',
    status,
    what: `GitHub refused it (${answered})`,
    todo: "GitHub's message says what it did not accept",
  };
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
function resetOf(headers: Record<string, string | number | undefined>, now: number): string {
  const reset = Number(headers['x-ratelimit-reset']) * 1000;
  if (!Number.isFinite(reset) || reset <= 0) return 'no reset time given';
  const minutes = Math.max(1, Math.ceil((reset - now) / 60_000));
  return `it resets at ${new Date(reset).toISOString().slice(11, 16)} UTC, in ${minutes} min`;
}

/**
 * The permission to grant: what GitHub says it accepts (`x-accepted-github-permissions:
 * issues=write; pull_requests=write`, any one will do) or else what the call needs.
 */
function permissionsOf(call: GitHubCall, headers: Record<string, string | number | undefined>): string {
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
