import type { PolicyStatement } from '../../types';
import type { SimAccountState, SimState } from '../state';

export const REGION = 'eu-west-1';
/** The base credentials' account, and who they are (a CI role). */
export const BASE = '111111111111';
export const CI_ROLE = `arn:aws:iam::${BASE}:role/ci`;
export const PROD = '222222222222';
export const STAGING = '333333333333';
/** The role fargatekeeper assumes in an account. */
export const roleIn = (account: string): string => `arn:aws:iam::${account}:role/fargatekeeper`;
/** The Fargate pod execution role each account has. */
export const podsRoleIn = (account: string): string => `arn:aws:iam::${account}:role/pods`;
export const PROD_EXTERNAL_ID = 'fleet-prod-7f3a';

const fargateTrust = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow' as const, Principal: { Service: 'eks-fargate-pods.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

/** An account with one ACTIVE cluster in its own VPC (two private subnets), a pods role and, when `trust` says, the role to assume. */
export function accountWith(accountId: string, cluster: string, trust?: PolicyStatement): SimAccountState {
  const vpc = `vpc-${accountId.slice(0, 4)}`;
  return {
    accountId,
    clusters: [
      {
        name: cluster,
        region: REGION,
        status: 'ACTIVE',
        vpcId: vpc,
        subnetIds: ['subnet-a', 'subnet-b'],
        profiles: [],
      },
    ],
    vpcs: [
      {
        id: vpc,
        region: REGION,
        subnets: [
          { id: 'subnet-a', availabilityZone: 'eu-west-1a' },
          { id: 'subnet-b', availabilityZone: 'eu-west-1b' },
        ],
        routeTables: [
          {
            id: `rtb-${accountId.slice(0, 4)}`,
            main: true,
            subnetIds: [],
            routes: [{ destinationCidrBlock: '0.0.0.0/0', natGatewayId: 'nat-1' }],
          },
        ],
      },
    ],
    roles: [
      {
        name: 'pods',
        assumeRolePolicy: fargateTrust,
        tags: {},
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy'],
      },
      ...(trust
        ? [
            {
              name: 'fargatekeeper',
              assumeRolePolicy: { Version: '2012-10-17', Statement: [trust] },
              tags: {},
              attachedPolicyArns: [],
            },
          ]
        : []),
    ],
  };
}

/**
 * Three accounts: the base one (cluster `tools`, credentials of the CI role), prod (cluster `prod`,
 * its role trusts the CI role with an external id) and staging (cluster `staging`, its role trusts
 * the whole base account).
 */
export function fleetState(): SimState {
  return {
    ...accountWith(BASE, 'tools'),
    region: REGION,
    principalArn: CI_ROLE,
    timings: { createSeconds: 90, deleteSeconds: 120, iamPropagationSeconds: 10 },
    accounts: [
      accountWith(PROD, 'prod', {
        Effect: 'Allow',
        Principal: { AWS: CI_ROLE },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': PROD_EXTERNAL_ID } },
      }),
      accountWith(STAGING, 'staging', {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${BASE}:root` },
        Action: 'sts:AssumeRole',
      }),
    ],
  };
}
