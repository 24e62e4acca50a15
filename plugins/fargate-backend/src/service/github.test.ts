import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import type { CallPolicy } from '@fargatekeeper/core';
import { failures, GithubStandIn } from '../__testUtils__/githubStandIn';
import { GithubClientFactory, parseGithubRepoUrl } from './github';
import { GithubError } from './githubErrors';
import { SpecsRepository } from './SpecsRepository';

/**
 * The backend's GitHub client against the stand-in: what is retried (5xx, no answer in time), what
 * is waited out (rate limits within one attempt's timeout) and what fails at once, answered with a
 * status that tells the caller whether to try again (503, 504) and a message that names the call.
 */
let github: GithubStandIn;
beforeEach(async () => {
  github = await new GithubStandIn('acme', 'platform', { 'fargate/a.yaml': 'a: 1\n' }).start();
});
afterEach(() => github.stop());

const logger = mockServices.logger.mock();
function repository(policy: CallPolicy = { timeoutMs: 5_000, attempts: 3 }, branch = 'main'): SpecsRepository {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 't' }] } }),
  );
  const factory = new GithubClientFactory(
    integrations,
    DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    logger,
    policy,
  );
  return new SpecsRepository(parseGithubRepoUrl('https://github.com/acme/platform'), branch, factory);
}
const pullsList = /\/pulls$/;
const newRequest = {
  branch: 'fargatekeeper/request/prod-eu/x-1',
  file: { kind: 'create' as const, path: 'fargate/x.yaml', content: 'x: 1\n' },
  commitMessage: 'x',
  title: 'x',
  body: 'x',
};

async function failure(call: Promise<unknown>): Promise<GithubError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GithubError);
  return error as GithubError;
}

it('retries a 502 once and succeeds', async () => {
  github.script('GET', pullsList, failures.badGateway());
  expect(await repository().listOpenRequests()).toEqual([]);
  expect(github.callsTo('GET', pullsList)).toHaveLength(2);
});

it('waits out a secondary rate limit (429, retry-after 1) and succeeds', async () => {
  github.script('GET', pullsList, failures.secondaryRateLimit(1));
  const started = Date.now();
  expect(await repository().listOpenRequests()).toEqual([]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect(github.callsTo('GET', pullsList)).toHaveLength(2);
  expect(logger.warn).toHaveBeenCalledWith(
    `GitHub: secondary rate limit reached on GET ${github.url}/repos/acme/platform/pulls?state=open&base=main&per_page=100; waiting 1 s, then retrying (1 of 2)`,
  );
});

it('answers 503 at once for a used-up rate limit that resets later, saying rate limit, not permission', async () => {
  github.script('GET', pullsList, failures.rateLimit(3600));
  const error = await failure(repository().listOpenRequests());
  expect(error.statusCode).toBe(503);
  expect(error.message).toMatch(
    /^GitHub: listing the open pull requests into main of acme\/platform failed: the API rate limit of the token of the GitHub integration \(integrations\.github\) is used up \(403 API rate limit exceeded for installation ID 1234567\.; it resets at \d\d:\d\d UTC, in 60 min\); try again after the reset/,
  );
  expect(error.message).not.toMatch(/permission/);
  expect(github.callsTo('GET', pullsList)).toHaveLength(1);
});

it('says which permission a 403 lacks', async () => {
  github.script('POST', /\/git\/refs$/, failures.forbidden('contents=write'));
  const error = await failure(repository().openPullRequest(newRequest));
  expect(error.statusCode).toBe(502);
  expect(error.message).toBe(
    'GitHub: creating the branch fargatekeeper/request/prod-eu/x-1 in acme/platform failed: the token of the GitHub integration (integrations.github) lacks a permission ' +
      '(403 Resource not accessible by integration); give it `contents: write`',
  );
});

it('says for a 404 which call it was and what is likely wrong', async () => {
  const error = await failure(repository(undefined, 'mian').openPullRequest(newRequest));
  expect(error.message).toBe(
    'GitHub: reading the head of mian of acme/platform failed: GitHub answered 404 Not Found; the branch mian does not exist in acme/platform (fargate.specs.branch), ' +
      'or the token of the GitHub integration (integrations.github) cannot see the repository (GitHub answers 404 rather than 403 then: it needs `contents: read`)',
  );
  expect(github.callsTo('POST', /\/git\/refs$/)).toEqual([]);
});

it('answers 504 within timeout × attempts when GitHub accepts the request and never answers', async () => {
  github.script('GET', pullsList, 'hang', 'hang');
  const policy = { timeoutMs: 300, attempts: 2 };
  const started = Date.now();
  const error = await failure(repository(policy).listOpenRequests());
  expect(error.statusCode).toBe(504);
  expect(error.message).toMatch(
    /^GitHub: listing the open pull requests into main of acme\/platform failed: timed out after 300 ms \(2 attempts\); GitHub or the network is slow/,
  );
  expect(github.callsTo('GET', pullsList)).toHaveLength(2);
  // Two attempts of 300 ms and the retry plugin's 1 s pause between them, plus a margin.
  expect(Date.now() - started).toBeLessThan(policy.timeoutMs * policy.attempts + 1_000 + 1_000);
});

it('bounds the wait for a GitHub App token too, which Backstage fetches with its own client', async () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url }] } }),
  );
  const stalled = { getCredentials: () => new Promise<never>(() => {}) };
  const factory = new GithubClientFactory(integrations, stalled, logger, { timeoutMs: 100, attempts: 2 });
  const error = await failure(
    new SpecsRepository(parseGithubRepoUrl('https://github.com/acme/platform'), 'main', factory).listOpenRequests(),
  );
  expect(error.statusCode).toBe(504);
  expect(error.message).toMatch(
    /^GitHub: getting a token for https:\/\/github\.com\/acme\/platform from integrations\.github failed: timed out after 200 ms;/,
  );
  expect(github.calls).toEqual([]);
});
