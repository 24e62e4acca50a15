// The runner cancels a job with SIGINT, then SIGTERM: run() in this process, with the signal sent in
// the middle of the apply (process.emit reaches the action's handlers as the real signal would).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeGitHub } from '../test/fakeGitHub';
import { pushEvent } from '../test/fixtures/events';
import { makeWorkspace } from '../test/runAction';
import { runInProcess } from '../test/runInProcess';

const mergeSha = 'c0ffee0000000000000000000000000000000007';

/** A second profile in the fixture's cluster, so a run stopped after the first change has one left. */
const searchSpec = `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: search-jobs
spec:
  cluster: prod-eu
  podExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods
  subnets: [subnet-0a11, subnet-0b22]
  selectors:
    - namespace: search-jobs
`;

/** The job's inputs: apply (a push) on the workspace's simulated account, commenting on the merged pull request. */
// The gate is not under test here: unreviewed changes are flagged, not refused.
const inputs = { 'simulated-account': 'sim-account.json', comment: 'true', 'on-unreviewed-change': 'warn' };

const profilesIn = (workspace: string) =>
  (
    JSON.parse(readFileSync(join(workspace, 'sim-account.json'), 'utf8')) as {
      clusters: { profiles: { name: string; status: string }[] }[];
    }
  ).clusters[0]!.profiles;

describe('apply cancelled by the runner', () => {
  let api: FakeGitHub;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
    api.addPullRequest(7);
    api.commitPulls.set(mergeSha, [{ number: 7, mergeCommitSha: mergeSha, mergedAt: '2026-11-21T10:00:00Z' }]);
  });
  afterEach(() => api.stop());

  it('SIGTERM after the first change: the result comment says cancelled, with what is done and what is not started', async () => {
    const workspace = makeWorkspace();
    writeFileSync(join(workspace, 'fargate/search.yaml'), searchSpec);
    let sent = false;
    const result = await runInProcess(pushEvent({ after: mergeSha }), inputs, api.url, {
      workspace,
      onLine: line => {
        if (!sent && /: done in \d+:\d\d/.test(line)) {
          sent = true;
          process.emit('SIGTERM', 'SIGTERM');
        }
      },
    });
    expect(sent).toBe(true);
    expect(result.exitCode).toBe(143);
    expect(result.log).toContain('::warning::SIGTERM: stopping now; an operation AWS already accepted goes on there');
    expect(result.log).toContain('::error::cancelled by SIGTERM: 1 done, 1 not started; run apply again to finish');

    const comments = api.commentsOn(7);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain(`<!-- fargatekeeper:apply ${mergeSha} -->`);
    expect(body).toContain('### Apply cancelled by SIGTERM: 1 done, 1 not started\\.');
    expect(body).toMatch(/\| create \| `eu-west-1\/prod-eu` \| `payments-jobs-[0-9a-f]+` \| ✅ done \|/);
    expect(body).toMatch(/\| create \| `eu-west-1\/prod-eu` \| `search-jobs-[0-9a-f]+` \| ⏸️ not started \|/);
    expect(result.summary).toContain('Apply cancelled by SIGTERM');
    // A cancel is not a failure to open an issue about; the account holds what was done, and is unlocked.
    expect(api.issues.filter(i => !i.isPullRequest)).toEqual([]);
    expect(profilesIn(workspace).map(p => p.name.replace(/-[0-9a-f]+$/, ''))).toEqual(
      expect.arrayContaining(['handmade', 'payments-jobs']),
    );
    expect(profilesIn(workspace).some(p => p.name.startsWith('search-jobs'))).toBe(false);
    expect(existsSync(join(workspace, 'sim-account.json.lock'))).toBe(false);
    // Handlers are gone once the run is over: the next SIGTERM is the process's own again.
    expect(process.listenerCount('SIGTERM')).toBe(0);

    // The next run finishes, and its result replaces the cancelled one in the same comment.
    const rerun = await runInProcess(pushEvent({ after: mergeSha }), inputs, api.url, { workspace });
    expect(rerun.exitCode).toBeUndefined();
    expect(api.commentsOn(7)).toHaveLength(1);
    expect(api.commentsOn(7)[0]!.body).toContain('### Apply: 1 succeeded, 0 failed, 0 skipped');
    expect(profilesIn(workspace).some(p => p.name.startsWith('search-jobs') && p.status === 'ACTIVE')).toBe(true);
  }, 30_000);

  it("SIGINT (the runner's first signal) exits 130", async () => {
    const workspace = makeWorkspace();
    writeFileSync(join(workspace, 'fargate/search.yaml'), searchSpec);
    const result = await runInProcess(pushEvent({ after: mergeSha }), inputs, api.url, {
      workspace,
      onLine: line => {
        if (/: done in \d+:\d\d/.test(line) && process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
      },
    });
    expect(result.exitCode).toBe(130);
    expect(result.log).toContain('::error::cancelled by SIGINT: 1 done, 1 not started; run apply again to finish');
    expect(api.commentsOn(7)[0]!.body).toContain('### Apply cancelled by SIGINT');
  }, 30_000);
});
