// The simulated account's resources the benches build their worlds from. Cluster `c` has a network of
// its own, named after `c`: VPC `vpc-cc`, subnets `subnet-cca` and `subnet-ccb`, a NAT route. Only types
// come from @fargatekeeper/core, so the backend bench can load this before its module hook.
import type { SimState } from '@fargatekeeper/core';

type SimVpc = SimState['vpcs'][number];
type SimRole = SimState['roles'][number];
type SimCluster = SimState['clusters'][number];

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

/** Two digits, so names sort in number order. */
export const pad = (n: number) => String(n).padStart(2, '0');
export const clusterName = (c: number) => `cluster-${pad(c)}`;

/** An account in REGION with nothing in it yet, room for 20 profiles per cluster. */
export function emptyState(accountId: string): SimState {
  return {
    accountId,
    region: REGION,
    quotas: { fargateProfilesPerCluster: 20 },
    clusters: [],
    vpcs: [],
    roles: [],
  };
}

/** Cluster `c`'s subnets, one per availability zone (a and b). */
export const clusterSubnets = (c: number) => [`subnet-${pad(c)}a`, `subnet-${pad(c)}b`];

/** Cluster `c`'s VPC: its two subnets, private behind a NAT gateway (the main route table's default route). */
export function clusterVpc(c: number): SimVpc {
  return {
    id: `vpc-${pad(c)}`,
    region: REGION,
    subnets: clusterSubnets(c).map((id, i) => ({ id, availabilityZone: `${REGION}${'ab'[i]}` })),
    routeTables: [
      {
        id: `rtb-${pad(c)}`,
        main: true,
        subnetIds: [],
        routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: `nat-${pad(c)}` }],
      },
    ],
  };
}

/** An active cluster in cluster `c`'s VPC and subnets, with these live profiles. */
export function activeCluster(name: string, c: number, profiles: SimCluster['profiles']): SimCluster {
  return {
    name,
    region: REGION,
    status: 'ACTIVE',
    vpcId: `vpc-${pad(c)}`,
    subnetIds: clusterSubnets(c),
    profiles,
  };
}

const fargateTrust = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow' as const, Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** A pod execution role that validation accepts: EKS Fargate may assume it, AWS's pod execution policy attached. */
export function podsRole(name: string): SimRole {
  return {
    name,
    assumeRolePolicy: fargateTrust,
    tags: {},
    attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
  };
}
