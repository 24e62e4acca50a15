import {
  desiredTagsFor,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  parseSpecFiles,
  profileNameFor,
  SPEC_TAG,
  HASH_TAG,
  type SimState,
} from '@fargatekeeper/core';
// core's stand-in account layout (test code, in no package's API: see eslint.project.js).
import { accountState, REGION } from '../../../../packages/core/src/account/sim/__fixtures__/accountState';

export { REGION } from '../../../../packages/core/src/account/sim/__fixtures__/accountState';

export const ACCOUNT = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/pods`;

/** Spec files as they sit in the specs repository (folder `fargate`). */
export const SPEC_FILES: Record<string, string> = {
  'fargate/prod-eu/payments.yaml': `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: payments-jobs
spec:
  cluster: prod-eu
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-a, subnet-b]
  selectors:
    - namespace: payments
      labels: { compute: fargate }
  tags: { team: payments }
---
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: checkout
spec:
  cluster: prod-eu
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-a]
  selectors:
    - namespace: checkout
  tags: { team: shop }
`,
  'fargate/prod-eu/reports.yaml': `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: reports
spec:
  cluster: prod-eu
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-b]
  selectors:
    - namespace: reports
`,
};

/** A profile that no spec has yet, as the plan and requests routes take it (a request adds its `reason`). */
export const searchApiProposal = {
  cluster: 'prod-eu',
  name: 'search-api',
  selectors: [{ namespace: 'search', labels: { app: 'api' } }],
  subnets: ['subnet-a', 'subnet-b'],
  podExecutionRoleArn: ROLE_ARN,
  tags: { team: 'search' },
};

const specNamed = (name: string) => {
  const { specs } = parseSpecFiles(Object.entries(SPEC_FILES).map(([path, content]) => ({ path, content })));
  const spec = specs.find(s => s.name === name);
  if (!spec) throw new Error(`fixture spec ${name} missing`);
  return spec;
};

/** Live EKS name of a spec once applied. */
export const liveNameOf = (spec: string) => profileNameFor(specNamed(spec));

/**
 * prod-eu holds: `payments-jobs` exactly as its spec (in sync), `checkout` with a tag changed by hand
 * (drifted), a managed profile whose spec is gone (orphaned) and a hand-made one (unmanaged);
 * `reports` has a spec but no profile yet (missing). staging is empty; `gone` is configured but absent.
 */
export function simState(): SimState {
  const payments = specNamed('payments-jobs');
  const checkout = specNamed('checkout');
  const live = (spec: typeof payments, tags: Record<string, string>) => ({
    name: profileNameFor(spec),
    status: 'ACTIVE' as const,
    podExecutionRoleArn: ROLE_ARN,
    subnets: spec.subnets,
    selectors: spec.selectors,
    tags,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return {
    ...accountState(
      ACCOUNT,
      [
        {
          name: 'prod-eu',
          subnetIds: ['subnet-a', 'subnet-b', 'subnet-pub'],
          profiles: [
            live(payments, desiredTagsFor(payments)),
            live(checkout, { ...desiredTagsFor(checkout), team: 'someone-else' }),
            {
              name: 'old-batch-0a1b2c3d',
              status: 'ACTIVE',
              podExecutionRoleArn: ROLE_ARN,
              subnets: ['subnet-a'],
              selectors: [{ namespace: 'batch', labels: {} }],
              tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [SPEC_TAG]: 'old-batch', [HASH_TAG]: '0000000000000000' },
              createdAt: '2025-01-01T00:00:00.000Z',
            },
            {
              name: 'handmade',
              status: 'ACTIVE',
              podExecutionRoleArn: ROLE_ARN,
              subnets: ['subnet-a'],
              selectors: [
                { namespace: 'legacy', labels: {} },
                { namespace: 'pay*', labels: {} },
              ],
              tags: {},
              createdAt: '2025-06-01T00:00:00.000Z',
            },
          ],
        },
        { name: 'staging', subnetIds: ['subnet-a'] },
      ],
      { publicSubnet: true },
    ),
    region: REGION,
    quotas: { fargateProfilesPerCluster: 10 },
  };
}
