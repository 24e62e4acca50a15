import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimState } from '@fargatekeeper/core';
import { KubeStandIn, STAND_IN_CA_DATA, STAND_IN_AWS_ENV } from '../../core/src/kube/client/__fixtures__/kubeStandIn';
import { FakeGitHub } from '../test/fakeGitHub';
import { pullRequestEvent } from '../test/fixtures/events';
import { makeWorkspace } from '../test/runAction';
import { runInProcess } from '../test/runInProcess';

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

// pod-impact: true on a pull request: the plan comment says which pods the change moves, read from a
// Kubernetes API stand-in with an EKS token for the step's AWS credentials.

describe('the pod-impact input', () => {
  let api: FakeGitHub;
  let standIn: KubeStandIn;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
    api.addPullRequest(7);
    standIn = await new KubeStandIn({ auth: { kind: 'eks', cluster: 'prod-eu', region: 'eu-west-1' } }).start();
    standIn.addPods(
      {
        namespace: 'payments-jobs',
        name: 'settle-1',
        labels: { compute: 'fargate' },
        phase: 'Pending',
        controller: 'Job/settle',
      },
      {
        namespace: 'payments-jobs',
        name: 'settle-2',
        labels: { compute: 'fargate' },
        phase: 'Pending',
        controller: 'Job/settle',
      },
    );
    standIn.configMaps.add('aws-observability/aws-logging');
  });
  afterEach(async () => {
    await api.stop();
    await standIn.stop();
  });

  const workspace = () => {
    const dir = makeWorkspace();
    const file = join(dir, 'sim-account.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as SimState;
    Object.assign(state.clusters[0]!, { endpoint: standIn.url, certificateAuthority: STAND_IN_CA_DATA });
    writeFileSync(file, JSON.stringify(state));
    return dir;
  };
  const env = STAND_IN_AWS_ENV;
  const opened = pullRequestEvent({ action: 'opened', number: 7, headSha: '1'.repeat(40) });

  it('puts the pods a change moves into the plan comment', async () => {
    const result = await runInProcess(
      opened,
      { 'simulated-account': '$WORKSPACE/sim-account.json', 'pod-impact': 'true' },
      api.url,
      { workspace: workspace(), env },
    );
    expect(result.exitCode).toBeUndefined();
    const [comment] = api.commentsOn(7);
    expect(comment!.body).toContain('#### Pods · `prod-eu`');
    expect(comment!.body).toMatch(
      /\| `payments-jobs-[0-9a-f]{8}` \(create\) \| on next restart \| 2 \| `payments-jobs` \| `Job\/settle` \| `payments-jobs-[0-9a-f]{8}` \|/,
    );
    expect(standIn.requests).toContain('GET /api/v1/pods');
  });

  it('reads no pod without it', async () => {
    const result = await runInProcess(opened, { 'simulated-account': '$WORKSPACE/sim-account.json' }, api.url, {
      workspace: workspace(),
      env,
    });
    expect(result.exitCode).toBeUndefined();
    expect(api.commentsOn(7)[0]!.body).not.toContain('#### Pods');
    expect(standIn.requests).toEqual([]);
  });
});
