import type { PolicyStatement } from '../../types';
import type { SimAccountState, SimState } from '../state';
import { accountState, REGION } from './accountState';

export { REGION } from './accountState';

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

/** An account with one ACTIVE cluster in its own VPC (two private subnets), a pods role and, when `trust` says, the role to assume. */
export function accountWith(accountId: string, cluster: string, trust?: PolicyStatement): SimAccountState {
  const account = accountState(accountId, [{ name: cluster }], { vpcId: `vpc-${accountId.slice(0, 4)}` });
  if (!trust) return account;
  const fargatekeeper = {
    name: 'fargatekeeper',
    assumeRolePolicy: { Version: '2012-10-17', Statement: [trust] },
    tags: {},
    attachedPolicyArns: [],
  };
  return { ...account, roles: [...account.roles, fargatekeeper] };
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
