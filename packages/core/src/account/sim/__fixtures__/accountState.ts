import type { SimAccountState, SimCluster, SimProfile, SimRole, SimVpc } from '../state';

/** The region of every test account. */
export const REGION = 'eu-west-1';

/** The trust policy that lets Fargate run pods with a role. */
export const fargateTrust = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow' as const, Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** A cluster of {@link accountState}: ACTIVE in the account's VPC, on subnet-a and subnet-b unless `subnetIds` says. */
export interface ClusterLayout {
  name: string;
  subnetIds?: string[];
  profiles?: SimProfile[];
}

export interface VpcLayout {
  /** Default `vpc-main`; its main route table is named after it (`rtb-main`). */
  vpcId?: string;
  /** Adds subnet-pub (eu-west-1a), which route table rtb-public sends to internet gateway igw-1. */
  publicSubnet?: boolean;
}

/**
 * What one test account holds in {@link REGION}: `clusters` in one VPC whose private subnets subnet-a
 * (eu-west-1a) and subnet-b (eu-west-1b) reach the internet through NAT gateway nat-1, and the role
 * `pods` that Fargate may assume.
 */
export function accountState(accountId: string, clusters: ClusterLayout[], layout: VpcLayout = {}): SimAccountState {
  const vpcId = layout.vpcId ?? 'vpc-main';
  return {
    accountId,
    clusters: clusters.map((cluster): SimCluster => ({
      name: cluster.name,
      region: REGION,
      status: 'ACTIVE',
      vpcId,
      subnetIds: cluster.subnetIds ?? ['subnet-a', 'subnet-b'],
      profiles: cluster.profiles ?? [],
    })),
    vpcs: [vpc(vpcId, layout.publicSubnet ?? false)],
    roles: [podsRole()],
  };
}

function vpc(id: string, publicSubnet: boolean): SimVpc {
  return {
    id,
    region: REGION,
    subnets: [
      { id: 'subnet-a', availabilityZone: 'eu-west-1a' },
      { id: 'subnet-b', availabilityZone: 'eu-west-1b' },
      ...(publicSubnet ? [{ id: 'subnet-pub', availabilityZone: 'eu-west-1a' }] : []),
    ],
    routeTables: [
      {
        id: id.replace(/^vpc-/, 'rtb-'),
        main: true,
        subnetIds: [],
        routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
      },
      ...(publicSubnet
        ? [
            {
              id: 'rtb-public',
              main: false,
              subnetIds: ['subnet-pub'],
              routes: [{ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' }],
            },
          ]
        : []),
    ],
  };
}

function podsRole(): SimRole {
  return {
    name: 'pods',
    assumeRolePolicy: fargateTrust,
    tags: {},
    attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
  };
}
