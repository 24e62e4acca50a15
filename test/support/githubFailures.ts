// GitHub's failure answers, as the stand-ins of the action's and the backend's tests script them.

/** A scripted answer: a status with headers and a body, or `hang` (accept the request, never answer). */
export type ScriptedAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

/** GitHub's 404 body. */
export const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
/** GitHub's 403 body for a write with a read-only token (a fork's). */
export const readOnlyError = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  status: '403',
};

/** Failures as GitHub (or the proxy in front of it) sends them, headers and bodies included. */
export const failures = {
  badGateway: (): ScriptedAnswer => ({
    status: 502,
    headers: { 'content-type': 'text/html' },
    body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
  }),
  /** The primary limit used up; `resetInSeconds` from now. */
  rateLimit: (resetInSeconds: number, status = 403): ScriptedAnswer => ({
    status,
    headers: {
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '1000',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
      'x-ratelimit-resource': 'core',
    },
    body: {
      message: 'API rate limit exceeded for installation ID 1234567.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      status: String(status),
    },
  }),
  secondaryRateLimit: (retryAfterSeconds: number, status = 429): ScriptedAnswer => ({
    status,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      status: String(status),
    },
  }),
  /** A token without the permission; GitHub names the ones it would accept. */
  forbidden: (accepted: string): ScriptedAnswer => ({
    status: 403,
    headers: { 'x-accepted-github-permissions': accepted },
    body: readOnlyError,
  }),
  notFound: (): ScriptedAnswer => ({ status: 404, body: notFound }),
};
