import type { CreateProfileInput } from '../../types';
import type { SimState } from '../state';
import { accountState, REGION } from './accountState';

export { fargateTrust, REGION } from './accountState';

export const ACCOUNT = '123456789012';
export const CLUSTER = { region: REGION, name: 'prod-eu' };
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pods`;

/** CreateFargateProfile's input for a profile `payments` in prod-eu: subnet-a, the pods role, no tags; `extra` overrides. */
export const paymentsProfile = (extra: Partial<CreateProfileInput> = {}): CreateProfileInput => ({
  cluster: CLUSTER,
  name: 'payments',
  podExecutionRoleArn: ROLE_ARN,
  subnets: ['subnet-a'],
  selectors: [{ namespace: 'payments', labels: {} }],
  tags: {},
  ...extra,
});

/** Two clusters in one VPC layout: private subnets a/b, a public one, and a subnet of another VPC. */
export function simState(): SimState {
  const account = accountState(
    ACCOUNT,
    [
      {
        name: 'prod-eu',
        subnetIds: ['subnet-a', 'subnet-b', 'subnet-pub'],
        profiles: [
          {
            name: 'handmade',
            status: 'ACTIVE',
            podExecutionRoleArn: ROLE_ARN,
            subnets: ['subnet-a'],
            selectors: [{ namespace: 'legacy', labels: {} }],
            tags: {},
            createdAt: '2025-06-01T00:00:00.000Z',
          },
        ],
      },
      { name: 'staging', subnetIds: ['subnet-a'] },
    ],
    { publicSubnet: true },
  );
  return {
    accountId: ACCOUNT,
    region: REGION,
    quotas: { fargateProfilesPerCluster: 10 },
    timings: { createSeconds: 90, deleteSeconds: 120, iamPropagationSeconds: 10 },
    clusters: account.clusters,
    vpcs: [
      ...account.vpcs,
      {
        id: 'vpc-other',
        region: REGION,
        subnets: [{ id: 'subnet-other', availabilityZone: 'eu-west-1a' }],
        routeTables: [{ id: 'rtb-other', main: true, subnetIds: [], routes: [] }],
      },
    ],
    roles: [
      ...account.roles,
      {
        name: 'ec2-only',
        assumeRolePolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        tags: {},
        attachedPolicyArns: [],
      },
    ],
  };
}
