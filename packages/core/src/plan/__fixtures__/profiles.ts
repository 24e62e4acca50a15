import type { SimProfile } from '../../account';
import { ACCOUNT, REGION, ROLE_ARN } from '../../account/sim/__fixtures__/simState';
import type { ProfileSpec } from '../../spec/types';
import { defaultRoleName } from '../defaultRole';
import { desiredTagsFor, profileNameFor } from '../naming';

/**
 * A native spec of cluster `prod-eu` written at `fargate/<name>.yaml:4:3`: the fixture account's pods
 * role, subnets a and b, the pods of namespace `name` labelled `compute: fargate`, no tags; `overrides` over that.
 */
export function profileSpec(name: string, overrides: Partial<ProfileSpec> = {}): ProfileSpec {
  return {
    name,
    cluster: 'prod-eu',
    podExecutionRoleArn: ROLE_ARN,
    subnets: ['subnet-a', 'subnet-b'],
    selectors: [{ namespace: name, labels: { compute: 'fargate' } }],
    tags: {},
    source: { file: `fargate/${name}.yaml`, line: 4, column: 3, format: 'native', document: 0, fields: {} },
    ...overrides,
  };
}

/** A live profile exactly as fargatekeeper would have created it for `s` (optionally altered). */
export function managedLive(s: ProfileSpec, overrides: Partial<SimProfile> = {}): SimProfile {
  return {
    name: profileNameFor(s),
    status: 'ACTIVE',
    podExecutionRoleArn:
      s.podExecutionRoleArn ?? `arn:aws:iam::${ACCOUNT}:role/${defaultRoleName(REGION, s.cluster, s.name)}`,
    subnets: [...s.subnets],
    selectors: s.selectors,
    tags: desiredTagsFor(s),
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
