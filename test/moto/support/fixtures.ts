import type { SimState } from '@fargatekeeper/core';
import { ACCOUNT_ID, REGION } from './moto';

type SimCluster = SimState['clusters'][number];
type SimProfile = SimCluster['profiles'][number];

export const FARGATE_POLICY_ARN = 'arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy';
export const POD_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/fargate-pods`;
/** A role that exists but trusts EC2, not Fargate pods. */
export const EC2_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/ci-deployer`;

const trusting = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** The cluster VPC's subnets, by the ids the specs use (rewritten to moto's). */
export const SUBNETS = { a: 'subnet-0a11', b: 'subnet-0b22', public: 'subnet-0f99' };

/**
 * One VPC like the examples' prod-eu: two private subnets whose route table sends 0.0.0.0/0 to a NAT
 * gateway (no internet gateway), one public subnet whose table routes to an internet gateway, the
 * VPC's main table left with its local route only; the pod execution role `fargate-pods` (trusts
 * eks-fargate-pods, the Fargate policy attached) and `ci-deployer` (trusts EC2).
 */
export function networkState(clusters: SimCluster[] = []): SimState {
  return {
    accountId: ACCOUNT_ID,
    region: REGION,
    clusters,
    vpcs: [
      {
        id: 'vpc-0a1b2c3d',
        region: REGION,
        subnets: [
          { id: SUBNETS.a, availabilityZone: 'eu-west-1a' },
          { id: SUBNETS.b, availabilityZone: 'eu-west-1b' },
          { id: SUBNETS.public, availabilityZone: 'eu-west-1a' },
        ],
        routeTables: [
          { id: 'rtb-0main', main: true, subnetIds: [], routes: [] },
          {
            id: 'rtb-0private',
            main: false,
            subnetIds: [SUBNETS.a, SUBNETS.b],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-0a1b' }],
          },
          {
            id: 'rtb-0public',
            main: false,
            subnetIds: [SUBNETS.public],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0a1b' }],
          },
        ],
      },
    ],
    roles: [
      {
        name: 'fargate-pods',
        assumeRolePolicy: trusting('eks-fargate-pods.amazonaws.com'),
        tags: {},
        attachedPolicyArns: [FARGATE_POLICY_ARN],
      },
      { name: 'ci-deployer', assumeRolePolicy: trusting('ec2.amazonaws.com'), tags: {}, attachedPolicyArns: [] },
    ],
  };
}

/** A cluster in that VPC (every subnet, as EKS clusters usually have public ones for load balancers). */
export function clusterState(name: string, profiles: SimProfile[] = []): SimCluster {
  return { name, region: REGION, status: 'ACTIVE', subnetIds: [SUBNETS.a, SUBNETS.b, SUBNETS.public], profiles };
}

/** A profile someone made by hand (no fargatekeeper tags). */
export function handmade(name: string, namespace: string, subnets = [SUBNETS.a]): SimProfile {
  return {
    name,
    status: 'ACTIVE',
    podExecutionRoleArn: POD_ROLE_ARN,
    subnets,
    selectors: [{ namespace, labels: {} }],
    tags: { owner: 'ops' },
    createdAt: '2024-06-01T10:00:00.000Z',
  };
}

/** A native spec document (examples/specs/native style); `role: undefined` asks for the default role. */
export function nativeSpec(
  name: string,
  cluster: string,
  options: { role?: string; subnets?: string[]; selectors?: string[]; tags?: Record<string, string>; adopt?: string },
): string {
  const lines = [
    'apiVersion: fargatekeeper.dev/v1',
    'kind: FargateProfile',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  cluster: ${cluster}`,
    ...(options.role ? [`  podExecutionRoleArn: ${options.role}`] : []),
    ...(options.adopt ? [`  adopt: ${options.adopt}`] : []),
    `  subnets: [${(options.subnets ?? [SUBNETS.a, SUBNETS.b]).join(', ')}]`,
    '  selectors:',
    ...(options.selectors ?? [name]).map(s => `    - namespace: ${s}`),
    ...(options.tags && Object.keys(options.tags).length > 0
      ? ['  tags:', ...Object.entries(options.tags).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Documents joined into one file. */
export const file = (...documents: string[]): string => documents.join('---\n');
