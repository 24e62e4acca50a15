import { localAwsEnv, StalledEndpoint } from '../../core/src/account/aws/__fixtures__/localAws';
import { FakeGitHub } from './fakeGitHub';
import { pullRequestEvent } from './fixtures/events';
import { makeWorkspace, runAction } from './runAction';

/**
 * The bundle against an AWS endpoint that accepts connections and never answers: with the call
 * policy of its inputs the step fails within timeout × attempts (plus start-up), naming the call,
 * instead of holding the runner (and the apply concurrency group) until the job's limit.
 */
jest.setTimeout(30_000);

let api: FakeGitHub;
const aws = new StalledEndpoint();
beforeAll(() => aws.start());
afterAll(() => aws.stop());
beforeEach(async () => {
  api = await new FakeGitHub().start();
  api.addPullRequest(7);
});
afterEach(() => api.stop());

it('fails within the call policy when AWS never answers, and says which call timed out', async () => {
  const connectionsBefore = aws.connections;
  const run = await runAction({
    workspace: makeWorkspace(),
    event: pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) }),
    apiUrl: api.url,
    inputs: { 'aws-region': 'eu-west-1', 'call-timeout': '300ms', 'call-attempts': '2' },
    env: localAwsEnv(aws.url),
  });
  expect(run.exitCode).toBe(1);
  // 2 attempts of 300 ms, plus node's start-up and the bundle's: well under the 30 s of one default attempt.
  expect(run.ms).toBeLessThan(5_000);
  expect(aws.connections - connectionsBefore).toBe(2);
  expect(run.stdout).toContain('::error::AWS did not answer: GetCallerIdentity timed out after 300 ms (2 attempts).');
});
