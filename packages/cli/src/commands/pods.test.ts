import { MANAGED_BY_TAG, MANAGED_BY_VALUE, SPEC_TAG, type ApplyResult, type Plan } from '@fargatekeeper/core';
import { ROLE_ARN } from '../../../core/src/account/sim/__fixtures__/simState';
import {
  KubeStandIn,
  withStandInCredentials,
  type PodFixture,
} from '../../../core/src/kube/client/__fixtures__/kubeStandIn';
import { stateServedBy } from '../../../core/src/kube/client/__fixtures__/standInCluster';
import { runCli, tempFiles } from '../testing/runCli';

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

// --pods, --kubeconfig and --recycle-pending end to end: a simulated account whose cluster names a
// Kubernetes API stand-in, reached through a kubeconfig or as EKS expects (DescribeCluster's endpoint
// and CA, a token signed with the environment's AWS credentials).

const SPEC = [
  'apiVersion: fargatekeeper.dev/v1',
  'kind: FargateProfile',
  'metadata: { name: payments }',
  'spec:',
  '  cluster: prod-eu',
  `  podExecutionRoleArn: ${ROLE_ARN}`,
  '  subnets: [subnet-a]',
  '  selectors: [{ namespace: payments, labels: { tier: api } }]',
].join('\n');
const OLD = 'payments-0ld0ld00';

/** An API pod running on the old profile, which the replacement stops. */
const apiOnOld = (name: string): PodFixture => ({
  namespace: 'payments',
  name,
  labels: { compute: 'fargate', tier: 'api' },
  profile: OLD,
  controller: 'ReplicaSet/api-5d',
});

let standIn: KubeStandIn;
let files: ReturnType<typeof tempFiles>;
afterEach(async () => {
  await standIn?.stop();
  files?.cleanup();
});

async function setUp(auth: 'kubeconfig' | 'eks') {
  standIn = await new KubeStandIn(
    auth === 'eks'
      ? { auth: { kind: 'eks', cluster: 'prod-eu', region: 'eu-west-1' } }
      : { auth: { kind: 'token', token: 't0ken' } },
  ).start();
  const state = stateServedBy(standIn, {
    name: OLD,
    status: 'ACTIVE',
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a'],
    selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
    tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [SPEC_TAG]: 'payments' },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  files = tempFiles({ 'fargate/payments.yaml': SPEC, 'account.json': JSON.stringify(state) });
  standIn.addPods(apiOnOld('api-5d-a1'), apiOnOld('api-5d-b2'), {
    namespace: 'payments',
    name: 'api-5d-c3',
    labels: { tier: 'api' },
    phase: 'Pending',
    controller: 'ReplicaSet/api-5d',
  });
  const kubeconfig = standIn.writeKubeconfig(files.path('kubeconfig'), ['prod-eu']);
  const base = ['--specs', files.path('fargate'), '--sim', files.path('account.json'), '--source', 'acme/platform'];
  return { base, kubeconfig };
}

describe('fargatekeeper plan --pods', () => {
  it('lists the pods each change stops or moves, by namespace and controller, through a kubeconfig', async () => {
    const { base, kubeconfig } = await setUp('kubeconfig');
    const r = await runCli(['plan', ...base, '--pods', '--kubeconfig', kubeconfig, '--format', 'json']);
    expect(r.stderr).toBe('');
    const plan = JSON.parse(r.stdout) as Plan;
    const replace = plan.clusters[0]!.operations.find(o => o.op === 'replace')!;
    expect(plan.podImpact!.clusters[0]!.changes).toEqual([
      {
        operation: replace.id,
        op: 'replace',
        profile: (replace as { profile: string }).profile,
        groups: [
          // The Pending one, created while no profile took it, would go to the new profile once created again.
          {
            effect: 'moves-on-restart',
            namespace: 'payments',
            controller: 'ReplicaSet/api-5d',
            to: { kind: 'profile', profile: (replace as { profile: string }).profile },
            count: 1,
          },
          {
            effect: 'stopped',
            namespace: 'payments',
            controller: 'ReplicaSet/api-5d',
            to: { kind: 'profile', profile: (replace as { profile: string }).profile },
            count: 2,
          },
        ],
        budgets: [],
      },
    ]);
    const text = await runCli(['plan', ...base, '--kubeconfig', kubeconfig]);
    expect(text.stdout).toContain(`Pods\n  prod-eu 3 pods, 0 nodes (kubeconfig context \`prod-eu\`)`);
    expect(text.stdout).toContain(
      '2 pods stopped now (EKS stops the pods of a deleted profile):\n        payments  ReplicaSet/api-5d  2 →',
    );
  });

  it('says, without failing, that pods were not read when the kubeconfig has no context for the cluster', async () => {
    const { base } = await setUp('kubeconfig');
    const other = standIn.writeKubeconfig(files.path('other'), ['laptop', 'ci']);
    const r = await runCli(['plan', ...base, '--pods', '--kubeconfig', other, '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.diagnostics.find(d => d.code === 'pods.not-read')).toMatchObject({
      severity: 'info',
      cluster: 'prod-eu',
    });
  });

  it('refuses a --kubeconfig that is not there, naming the option', async () => {
    const { base } = await setUp('kubeconfig');
    const r = await runCli(['plan', ...base, '--kubeconfig', files.path('missing')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`kubeconfig \`${files.path('missing')}\` not found (set it with --kubeconfig)`);
  });
});

describe('fargatekeeper apply --recycle-pending', () => {
  it('after the replacement deletes the Pending pods the new profile should take, with an EKS token from the AWS credentials', async () => {
    const { base } = await setUp('eks');
    // The SDK's default chain reads the process's environment, as on a runner with credentials set up.
    const r = await withStandInCredentials(() =>
      runCli(['apply', ...base, '--auto-approve', '--recycle-pending', '--format', 'json']),
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ApplyResult;
    expect(result.pendingPods![0]!.pods.map(p => [p.name, p.outcome.kind])).toEqual([['api-5d-c3', 'deleted']]);
    expect(standIn.deleted).toEqual(['payments/api-5d-c3']);
    // The plan apply showed had the pod impact too.
    expect(result.plan.podImpact!.clusters[0]!.read).toMatchObject({ kind: 'read', pods: 3 });
  });

  it('only reports them without --recycle-pending', async () => {
    const { base, kubeconfig } = await setUp('kubeconfig');
    const r = await runCli(['apply', ...base, '--auto-approve', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Pending pods after the replacements');
    expect(r.stdout).toContain(
      'payments/api-5d-c3  ReplicaSet/api-5d  created while no profile took it; left Pending (recycle-pending would delete it)',
    );
    expect(standIn.deleted).toEqual([]);
  });
});
