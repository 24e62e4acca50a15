import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCallTimeout } from '../../callTimeout';
import { readWorkloads } from '../planPods';
import { budgetJson, KubeStandIn, nodeJson, STAND_IN_CA_DATA, STAND_IN_CREDENTIALS } from './__fixtures__/kubeStandIn';
import { eksPodAccess } from './eksPodAccess';
import { kubeconfigPodAccess } from './kubeconfigPodAccess';

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

const PROD = { region: 'eu-west-1', name: 'prod-eu' };
const STAGING = { region: 'eu-west-1', name: 'staging' };
const dir = mkdtempSync(join(tmpdir(), 'fk-kube-'));
const policy = { timeoutMs: 2_000, attempts: 2 };

let standIn: KubeStandIn;
afterEach(() => standIn?.stop());

function populated(s: KubeStandIn): KubeStandIn {
  s.addPods(
    {
      namespace: 'payments',
      name: 'api-1',
      labels: { app: 'api' },
      profile: 'payments-1a2b',
      controller: 'ReplicaSet/api-5d8f7c9b4',
    },
    { namespace: 'payments', name: 'job-1', phase: 'Succeeded', profile: 'payments-1a2b', controller: 'Job/nightly' },
    { namespace: 'web', name: 'web-1', node: 'ip-10-0-2-7', controller: 'ReplicaSet/web-77f' },
  );
  s.nodes.push(
    nodeJson('ip-10-0-2-7.eu-west-1.compute.internal', false),
    nodeJson('fargate-ip-10-0-1-5.eu-west-1.compute.internal', true),
  );
  s.budgets.push(budgetJson('payments', 'api', { app: 'api' }, 0));
  s.configMaps.add('aws-observability/aws-logging');
  return s;
}

/** DescribeCluster of prod-eu as EKS answers it, naming `endpoint` and `certificateAuthority`. */
const clusterAt = (endpoint: string, certificateAuthority = STAND_IN_CA_DATA) => ({
  describeCluster: async () => ({
    ...PROD,
    arn: 'arn',
    status: 'ACTIVE' as const,
    subnetIds: [],
    endpoint,
    certificateAuthority,
  }),
});

describe('pod access through @kubernetes/client-node', () => {
  it('reads pods (every page), nodes, budgets and the logging ConfigMap from a kubeconfig context named after the cluster', async () => {
    standIn = await populated(new KubeStandIn({ auth: { kind: 'token', token: 's3cret' }, pageSize: 2 })).start();
    const file = standIn.writeKubeconfig(join(dir, 'named'), ['staging', 'prod-eu']);
    const reads = await readWorkloads(kubeconfigPodAccess({ file, callPolicy: policy }), [PROD]);
    const read = reads.get('eu-west-1/prod-eu')!;
    expect(read).toMatchObject({ kind: 'read', via: 'kubeconfig context `prod-eu`' });
    if (read.kind !== 'read') throw new Error('not read');
    expect(
      read.workloads.pods.map(p => `${p.namespace}/${p.name} ${p.phase} ${p.controller?.kind}/${p.controller?.name}`),
    ).toEqual([
      'payments/api-1 Running ReplicaSet/api-5d8f7c9b4',
      'payments/job-1 Succeeded Job/nightly',
      'web/web-1 Running ReplicaSet/web-77f',
    ]);
    expect(read.workloads.pods[0]).toMatchObject({
      schedulerName: 'fargate-scheduler',
      labels: { 'eks.amazonaws.com/fargate-profile': 'payments-1a2b' },
    });
    expect(read.workloads.nodes).toEqual([
      { name: 'ip-10-0-2-7.eu-west-1.compute.internal', fargate: false },
      { name: 'fargate-ip-10-0-1-5.eu-west-1.compute.internal', fargate: true },
    ]);
    expect(read.workloads.budgets).toEqual([
      {
        namespace: 'payments',
        name: 'api',
        selector: { matchLabels: { app: 'api' } },
        disruptionsAllowed: 0,
        minAvailable: 1,
      },
    ]);
    expect(read.workloads.loggingConfigMap).toBe(true);
    // Two pages of pods (page size 2), read with `continue`.
    expect(standIn.requests.filter(r => r === 'GET /api/v1/pods')).toHaveLength(2);
  });

  it('uses the current context only when the run has one cluster; others without a context are not read', async () => {
    standIn = await populated(new KubeStandIn({ auth: { kind: 'token', token: 's3cret' } })).start();
    const file = standIn.writeKubeconfig(join(dir, 'current'), ['my-laptop'], 'my-laptop');
    const one = await readWorkloads(kubeconfigPodAccess({ file, callPolicy: policy }), [PROD]);
    expect(one.get('eu-west-1/prod-eu')).toMatchObject({ kind: 'read', via: 'kubeconfig context `my-laptop`' });
    const two = await readWorkloads(kubeconfigPodAccess({ file, callPolicy: policy }), [PROD, STAGING]);
    expect(two.get('eu-west-1/prod-eu')).toEqual({
      kind: 'not-read',
      reason: `the kubeconfig ${file} has no context named \`prod-eu\` (the current context stands for a cluster only when the run has one)`,
    });
  });

  it('finds the context `aws eks update-kubeconfig` names by the cluster ARN', async () => {
    standIn = await populated(new KubeStandIn()).start();
    const file = standIn.writeKubeconfig(join(dir, 'arn'), [
      'arn:aws:eks:eu-west-1:123456789012:cluster/prod-eu',
      'arn:aws:eks:us-east-1:123456789012:cluster/staging',
    ]);
    const reads = await readWorkloads(kubeconfigPodAccess({ file, callPolicy: policy }), [PROD, STAGING]);
    expect(reads.get('eu-west-1/prod-eu')).toMatchObject({ kind: 'read' });
    expect(reads.get('eu-west-1/staging')).toMatchObject({ kind: 'not-read' });
  });

  it('connects as EKS expects: endpoint and CA from DescribeCluster over TLS, a presigned STS token for the cluster', async () => {
    standIn = await populated(
      new KubeStandIn({ auth: { kind: 'eks', cluster: 'prod-eu', region: 'eu-west-1' } }),
    ).start();
    const account = clusterAt(standIn.url);
    const access = eksPodAccess({ account, credentials: () => async () => STAND_IN_CREDENTIALS, callPolicy: policy });
    const reads = await readWorkloads(access, [PROD]);
    expect(reads.get('eu-west-1/prod-eu')).toMatchObject({ kind: 'read', via: `EKS token for ${standIn.url}` });
    // A token signed by another identity is refused, as EKS refuses it: an info, not a failure.
    const stranger = eksPodAccess({
      account,
      credentials: () => async () => ({ accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }),
      callPolicy: policy,
    });
    const refused = (await readWorkloads(stranger, [PROD])).get('eu-west-1/prod-eu')!;
    expect(refused.kind).toBe('not-read');
    expect(refused.kind === 'not-read' && refused.reason).toMatch(
      /^ListPods in cluster prod-eu answered HTTP 401 Unauthorized; the identity needs an EKS access entry/,
    );
  });

  it('refuses a server whose certificate the CA from DescribeCluster did not sign', async () => {
    standIn = await populated(new KubeStandIn()).start();
    const account = clusterAt(
      standIn.url,
      Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64'),
    );
    const read = (
      await readWorkloads(
        eksPodAccess({ account, credentials: () => async () => STAND_IN_CREDENTIALS, callPolicy: policy }),
        [PROD],
      )
    ).get('eu-west-1/prod-eu')!;
    expect(read.kind === 'not-read' && read.reason).toMatch(
      /^ListPods in cluster prod-eu failed: unable to verify the first certificate/,
    );
  });

  it('says why a cluster without an endpoint (CREATING, or a simulated one that names none) is not read', async () => {
    const account = {
      describeCluster: async () => ({ ...PROD, arn: 'arn', status: 'CREATING' as const, subnetIds: [] }),
    };
    const reads = await readWorkloads(eksPodAccess({ account, credentials: () => async () => STAND_IN_CREDENTIALS }), [
      PROD,
    ]);
    expect(reads.get('eu-west-1/prod-eu')).toEqual({
      kind: 'not-read',
      reason: 'DescribeCluster names no API server endpoint and CA for it (yet)',
    });
  });

  it('bounds a stalled API server by the call policy: timeout × attempts, then a CallTimeoutError naming the call', async () => {
    standIn = await populated(new KubeStandIn()).start();
    standIn.stalled = true;
    const file = standIn.writeKubeconfig(join(dir, 'stalled'), ['prod-eu']);
    const access = kubeconfigPodAccess({ file, callPolicy: { timeoutMs: 300, attempts: 2 } });
    const connection = (await access.connect([PROD])).get('eu-west-1/prod-eu')!;
    if (connection.kind !== 'connected') throw new Error('not connected');
    const started = Date.now();
    const error = await connection.api.listPods().catch(e => e as Error);
    const took = Date.now() - started;
    expect(isCallTimeout(error)).toBe(true);
    expect((error as Error).message).toBe('ListPods cluster prod-eu timed out after 300 ms (2 attempts)');
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(3_000);
    expect(standIn.requests.filter(r => r === 'GET /api/v1/pods')).toHaveLength(2);
  });

  it('deletes a pod, and counts one already gone as deleted', async () => {
    standIn = await populated(new KubeStandIn()).start();
    const file = standIn.writeKubeconfig(join(dir, 'delete'), ['prod-eu']);
    const connection = (await kubeconfigPodAccess({ file, callPolicy: policy }).connect([PROD])).get(
      'eu-west-1/prod-eu',
    )!;
    if (connection.kind !== 'connected') throw new Error('not connected');
    await connection.api.deletePod('payments', 'api-1');
    await connection.api.deletePod('payments', 'api-1');
    expect(standIn.deleted).toEqual(['payments/api-1']);
    expect((await connection.api.listPods()).map(p => p.name)).toEqual(['job-1', 'web-1']);
  });
});
