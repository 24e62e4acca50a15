import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedAccount } from '@fargatekeeper/core';
import type { ClusterProfilesResponse } from '@fargatekeeper/backstage-plugin-fargate-common';
import request from 'supertest';
import {
  KubeStandIn,
  STAND_IN_CA_DATA,
  withStandInCredentials,
} from '../../../packages/core/src/kube/client/__fixtures__/kubeStandIn';
import { startFargateTestBackend } from './__testUtils__/testBackend';
import { liveNameOf, simState } from './__testUtils__/world';

// fargate.podImpact: the profiles view carries the running pods per profile, read from a Kubernetes
// API stand-in through a kubeconfig or as EKS expects (DescribeCluster's endpoint and CA, a token).

// The first test loads @kubernetes/client-node, which jest compiles from ESM on a cold cache.
jest.setTimeout(60_000);

type Backend = Awaited<ReturnType<typeof startFargateTestBackend>>;

describe('GET /clusters/:cluster/profiles with pod access', () => {
  let standIn: KubeStandIn;
  let backend: Backend | undefined;
  const payments = liveNameOf('payments-jobs');
  beforeEach(async () => {
    standIn = await new KubeStandIn({ auth: { kind: 'token', token: 'portal' } }).start();
    standIn.addPods(
      { namespace: 'legacy', name: 'old-1', profile: 'handmade', controller: 'ReplicaSet/old-5f' },
      { namespace: 'legacy', name: 'old-2', profile: 'handmade', controller: 'ReplicaSet/old-5f' },
      { namespace: 'payments-jobs', name: 'settle-1', profile: payments, controller: 'Job/settle' },
      { namespace: 'payments-jobs', name: 'settle-0', profile: payments, phase: 'Succeeded', controller: 'Job/settle' },
    );
  });
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    await standIn.stop();
  });

  const profiles = async (): Promise<ClusterProfilesResponse> =>
    (await request(backend!.server).get('/api/fargate/clusters/prod-eu/profiles').expect(200)).body;

  it('counts the running pods of each live profile, read through the kubeconfig context named after the cluster', async () => {
    const kubeconfig = standIn.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'fk-portal-')), 'kubeconfig'), [
      'prod-eu',
    ]);
    backend = await startFargateTestBackend({ fargate: { podImpact: true, kubeconfig } });
    const body = await profiles();
    expect(body.pods).toEqual({ kind: 'read', running: 3 });
    const running = Object.fromEntries(body.profiles.filter(p => p.live).map(p => [p.name, p.runningPods]));
    expect(running).toMatchObject({ handmade: 2, [payments]: 1, 'old-batch-0a1b2c3d': 0 });
    // A spec not created yet has no live profile and no count.
    expect(body.profiles.filter(p => !p.live).every(p => p.runningPods === undefined)).toBe(true);
  });

  it("reads them as EKS expects: endpoint and CA from DescribeCluster, a token for the account's identity", async () => {
    const eks = await new KubeStandIn({ auth: { kind: 'eks', cluster: 'prod-eu', region: 'eu-west-1' } }).start();
    eks.pods = standIn.pods;
    const state = simState();
    Object.assign(
      state.clusters.find(c => c.name === 'prod-eu')!,
      { endpoint: eks.url, certificateAuthority: STAND_IN_CA_DATA },
    );
    // A simulated account signs with the SDK's default chain: the process's credentials.
    try {
      await withStandInCredentials(async () => {
        backend = await startFargateTestBackend({
          sim: SimulatedAccount.fromJSON(state),
          fargate: { podImpact: true },
        });
        const body = await profiles();
        expect(body.pods).toEqual({ kind: 'read', running: 3 });
        expect(body.profiles.find(p => p.name === 'handmade')!.runningPods).toBe(2);
      });
    } finally {
      await eks.stop();
    }
  });

  it('says why when the pods cannot be read, and the view still answers', async () => {
    standIn.failWith = 403;
    const kubeconfig = standIn.writeKubeconfig(join(mkdtempSync(join(tmpdir(), 'fk-portal-')), 'kubeconfig'), [
      'prod-eu',
    ]);
    backend = await startFargateTestBackend({ fargate: { podImpact: true, kubeconfig } });
    const body = await profiles();
    expect(body.pods).toMatchObject({ kind: 'not-read' });
    expect(body.pods!.kind === 'not-read' && body.pods!.reason).toMatch(/answered HTTP 403 Forbidden/);
    expect(body.profiles.every(p => p.runningPods === undefined)).toBe(true);
  });

  it('reads no pod without fargate.podImpact', async () => {
    backend = await startFargateTestBackend();
    const body = await profiles();
    expect(body.pods).toBeUndefined();
    expect(standIn.requests).toEqual([]);
  });
});
