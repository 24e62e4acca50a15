import { SimulatedAccount, type ClusterSpec, type SimState } from '@fargatekeeper/core';
import request from 'supertest';
import { withFargateTestBackend } from './__testUtils__/testBackend';
import { ACCOUNT, REGION, SPEC_FILES, simState } from './__testUtils__/world';
import { mergeClusters } from './service/declaredClusters';

const PROD_US = '222222222222';
const ROLE = `arn:aws:iam::${PROD_US}:role/fargatekeeper`;

/** The test world, its base credentials a CI role, and a second account with cluster `prod-us` whose role trusts that CI role. */
function fleetState(): SimState {
  const base = simState();
  return {
    ...base,
    principalArn: `arn:aws:iam::${ACCOUNT}:role/ci`,
    accounts: [
      {
        accountId: PROD_US,
        clusters: [
          {
            name: 'prod-us',
            region: REGION,
            status: 'ACTIVE',
            vpcId: 'vpc-us',
            subnetIds: ['subnet-us'],
            profiles: [],
          },
        ],
        vpcs: [
          {
            id: 'vpc-us',
            region: REGION,
            subnets: [{ id: 'subnet-us', availabilityZone: 'eu-west-1a' }],
            routeTables: [{ id: 'rtb-us', main: true, subnetIds: [], routes: [] }],
          },
        ],
        roles: [
          {
            name: 'pods',
            assumeRolePolicy: base.roles[0]!.assumeRolePolicy,
            tags: {},
            attachedPolicyArns: base.roles[0]!.attachedPolicyArns,
          },
          {
            name: 'fargatekeeper',
            assumeRolePolicy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, Action: 'sts:AssumeRole' },
              ],
            },
            tags: {},
            attachedPolicyArns: [],
          },
        ],
      },
    ],
  };
}

const clusterDoc = (accountId: string) => `apiVersion: fargatekeeper.dev/v1
kind: Cluster
metadata:
  name: prod-us
spec:
  region: ${REGION}
  accountId: '${accountId}'
  roleArn: ${ROLE}
`;

const apiSpec = `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: api
spec:
  cluster: prod-us
  podExecutionRoleArn: arn:aws:iam::${PROD_US}:role/pods
  subnets: [subnet-us]
  selectors: [{ namespace: api }]
`;

describe('clusters from the Cluster documents of the specs', () => {
  it('lists a cluster only a Cluster document declares, read through its role, beside app-config ones', async () => {
    const sim = SimulatedAccount.fromJSON(fleetState());
    await withFargateTestBackend(
      {
        sim,
        specFiles: { ...SPEC_FILES, 'fargate/clusters.yaml': clusterDoc(PROD_US), 'fargate/prod-us/api.yaml': apiSpec },
      },
      async backend => {
        const res = await request(backend.server).get('/api/fargate/clusters');
        expect(res.status).toBe(200);
        expect(res.body.clusters.map((c: { name: string }) => c.name)).toEqual([
          'prod-eu',
          'staging',
          'gone',
          'prod-us',
        ]);
        expect(res.body.clusters[3]).toMatchObject({
          name: 'prod-us',
          region: REGION,
          accountId: PROD_US,
          status: 'ACTIVE',
          profileCount: 0,
        });

        const profiles = await request(backend.server).get('/api/fargate/clusters/prod-us/profiles');
        expect(profiles.status).toBe(200);
        expect(profiles.body.diagnostics).toEqual([]);
        expect(profiles.body.profiles).toEqual([
          expect.objectContaining({ desired: expect.objectContaining({ spec: 'api' }), drift: 'missing' }),
        ]);
        expect(sim.calls.AssumeRole).toBe(1);
      },
    );
  });

  it('shows a declared cluster whose credentials land in another account as unreachable, naming both accounts', async () => {
    await withFargateTestBackend(
      {
        sim: SimulatedAccount.fromJSON(fleetState()),
        specFiles: {
          ...SPEC_FILES,
          'fargate/clusters.yaml': clusterDoc('999999999999').replace(`  roleArn: ${ROLE}\n`, ''),
        },
      },
      async backend => {
        const res = await request(backend.server).get('/api/fargate/clusters');
        expect(res.status).toBe(200);
        expect(res.body.clusters[3]).toEqual({
          name: 'prod-us',
          region: REGION,
          subnets: [],
          error: `cluster prod-us is declared in account 999999999999 (fargate/clusters.yaml:1), but the main AWS credentials are of account ${ACCOUNT}`,
        });
      },
    );
  });
});

describe('mergeClusters', () => {
  const declared = (name: string, region: string, accountId: string, line = 1): ClusterSpec => ({
    name,
    region,
    accountId,
    role: { roleArn: `arn:aws:iam::${accountId}:role/fargatekeeper`, sessionName: 'fargatekeeper' },
    source: { file: 'fargate/clusters.yaml', line, column: 1, document: 0, fields: {} },
  });

  it('adds clusters only documents declare; app-config wins for a name it has, and a contradiction is reported', () => {
    const { clusters, conflicts } = mergeClusters(
      [
        { name: 'prod-eu', region: REGION, accountId: ACCOUNT },
        { name: 'staging', region: REGION },
      ],
      [
        declared('prod-eu', REGION, ACCOUNT),
        declared('staging', 'us-east-1', ACCOUNT, 8),
        declared('prod-us', REGION, PROD_US, 15),
        declared('prod-us', 'us-east-1', PROD_US, 22),
      ],
    );
    expect(clusters).toEqual([
      { name: 'prod-eu', region: REGION, accountId: ACCOUNT },
      { name: 'staging', region: REGION },
      {
        name: 'prod-us',
        region: REGION,
        accountId: PROD_US,
        declared: { at: 'fargate/clusters.yaml:15', role: { roleArn: ROLE, sessionName: 'fargatekeeper' } },
      },
    ]);
    expect(conflicts.map(c => c.message)).toEqual([
      'the Cluster document at fargate/clusters.yaml:8 puts cluster staging in region us-east-1, but app-config (fargate.clusters) says region eu-west-1; the document is not used',
      'the Cluster document at fargate/clusters.yaml:22 puts cluster prod-us in region us-east-1, but the Cluster document at fargate/clusters.yaml:15 says region eu-west-1; the document is not used',
    ]);
  });
});
