import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { GithubStandIn } from '../__testUtils__/githubStandIn';
import { GithubClientFactory, parseGithubRepoUrl } from './github';
import { SpecsRepository } from './SpecsRepository';

/** How a request's branch serves as the lock between replicas, against the GitHub stand-in. */
let github: GithubStandIn;
beforeEach(async () => {
  github = await new GithubStandIn('acme', 'platform', { 'fargate/a.yaml': 'a: 1\n' }).start();
});
afterEach(() => github.stop());

function repository(claimWaitMs: number): SpecsRepository {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({ integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 't' }] } }),
  );
  const factory = new GithubClientFactory(
    integrations,
    DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    mockServices.logger.mock(),
  );
  return new SpecsRepository(parseGithubRepoUrl('https://github.com/acme/platform'), 'main', factory, { claimWaitMs });
}

const branch = 'fargatekeeper/request/prod-eu/x-0123456789ab';
/** An open pull request from the request's branch, as another replica would have opened it. */
const openPull = (number: number) =>
  github.pulls.push({
    number,
    title: 'x',
    body: 'x',
    head: branch,
    base: 'main',
    headSha: 'h',
    labels: [],
    author: 'bot',
    state: 'open',
  });

const newRequest = {
  branch,
  file: { kind: 'create' as const, path: 'fargate/x.yaml', content: 'x: 1\n' },
  commitMessage: 'x',
  title: 'x',
  body: 'x',
};

it('waits for the pull request of a branch another replica made, and answers with it', async () => {
  github.branches.set(branch, new Map(github.branches.get('main')));
  const pending = repository(5_000).openPullRequest(newRequest);
  // The other replica opens its pull request a moment later.
  setTimeout(() => {
    openPull(7);
  }, 250);
  await expect(pending).resolves.toEqual({
    number: 7,
    url: 'https://github.com/acme/platform/pull/7',
    deduplicated: true,
  });
  expect(github.callsTo('PUT', /\/contents\//)).toEqual([]);
});

it('takes over a branch left without a pull request once the wait is over', async () => {
  github.branches.set(branch, new Map([['fargate/x.yaml', 'half-written\n']]));
  const started = Date.now();
  const opened = await repository(300).openPullRequest(newRequest);
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(opened).toEqual({ number: 1, url: 'https://github.com/acme/platform/pull/1', deduplicated: false });
  expect(github.branches.get(branch)!.get('fargate/x.yaml')).toBe('x: 1\n');
});

it('answers with the open pull request when GitHub refuses a second one for the branch', async () => {
  // Another replica opened it between this one's look and its try: GitHub says so with a 422.
  github.script('GET', /\/pulls$/, { status: 200, body: [] });
  openPull(3);
  await expect(repository(0).openPullRequest(newRequest)).resolves.toEqual({
    number: 3,
    url: 'https://github.com/acme/platform/pull/3',
    deduplicated: true,
  });
  expect(github.callsTo('POST', /\/pulls$/)).toHaveLength(1);
  // Its branch stays: it is the other request's.
  expect(github.callsTo('DELETE', /\/git\/refs\//)).toEqual([]);
});
