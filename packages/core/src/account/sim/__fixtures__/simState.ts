import type { CreateProfileInput } from '../../types';
import type { SimState } from '../state';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
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

export const fargateTrust = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow' as const, Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** Two clusters in one VPC layout: private subnets a/b, a public one, and a subnet of another VPC. */
export function simState(): SimState {
  return {
    accountId: ACCOUNT,
    region: REGION,
    quotas: { fargateProfilesPerCluster: 10 },
    timings: { createSeconds: 90, deleteSeconds: 120, iamPropagationSeconds: 10 },
    clusters: [
      {
        name: 'prod-eu',
        region: REGION,
        status: 'ACTIVE',
        vpcId: 'vpc-main',
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
      { name: 'staging', region: REGION, status: 'ACTIVE', vpcId: 'vpc-main', subnetIds: ['subnet-a'], profiles: [] },
    ],
    vpcs: [
      {
        id: 'vpc-main',
        region: REGION,
        subnets: [
          { id: 'subnet-a', availabilityZone: 'eu-west-1a' },
          { id: 'subnet-b', availabilityZone: 'eu-west-1b' },
          { id: 'subnet-pub', availabilityZone: 'eu-west-1a' },
        ],
        routeTables: [
          {
            id: 'rtb-main',
            main: true,
            subnetIds: [],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
          },
          {
            id: 'rtb-public',
            main: false,
            subnetIds: ['subnet-pub'],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }],
          },
        ],
      },
      {
        id: 'vpc-other',
        region: REGION,
        subnets: [{ id: 'subnet-other', availabilityZone: 'eu-west-1a' }],
        routeTables: [{ id: 'rtb-other', main: true, subnetIds: [], routes: [] }],
      },
    ],
    roles: [
      {
        name: 'pods',
        assumeRolePolicy: fargateTrust,
        tags: {},
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
      },
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
