import type {
  ClusterProfilesResponse,
  ClusterSummary,
  OpenRequest,
  OperationView,
  PlanPreviewResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { FargateApi } from '../api';

// Typed answers of the fargate backend, shaped like its routes' JSON, for the component tests.

export const prodEu: ClusterSummary = {
  name: 'prod-eu',
  region: 'eu-west-1',
  accountId: '123456789012',
  status: 'ACTIVE',
  vpcId: 'vpc-0a1b2c3d',
  subnets: [
    { id: 'subnet-0a1', availabilityZone: 'eu-west-1a', private: true },
    { id: 'subnet-0b2', availabilityZone: 'eu-west-1b', private: true },
    { id: 'subnet-0pub', availabilityZone: 'eu-west-1a', private: false },
  ],
  profileCount: 2,
  profileQuota: 10,
};

export const staging: ClusterSummary = {
  name: 'staging',
  region: 'eu-west-1',
  status: 'ACTIVE',
  vpcId: 'vpc-0s',
  subnets: [{ id: 'subnet-0s1', availabilityZone: 'eu-west-1a', private: true }],
  profileCount: 0,
  profileQuota: 10,
};

const role = 'arn:aws:iam::123456789012:role/handmade';

export const prodEuProfiles: ClusterProfilesResponse = {
  cluster: prodEu,
  readAt: '2026-11-22T00:00:00.000Z',
  diagnostics: [
    {
      severity: 'warning',
      code: 'match.overlap',
      message: 'Pods in namespace payments with label compute=fargate match both payments-jobs and batch.',
      cluster: 'prod-eu',
    },
  ],
  profiles: [
    {
      name: 'payments-jobs-3f9a2c',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: true,
      drift: 'in-sync',
      operation: 'no-op',
      driftReason: 'up to date',
      live: {
        cluster: 'prod-eu',
        region: 'eu-west-1',
        name: 'payments-jobs-3f9a2c',
        arn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/payments-jobs-3f9a2c/1',
        status: 'ACTIVE',
        podExecutionRoleArn: role,
        subnets: ['subnet-0a1'],
        selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
        tags: {},
        createdAt: '2026-11-01T00:00:00.000Z',
        health: [],
      },
      desired: {
        spec: 'payments-jobs',
        subnets: ['subnet-0a1'],
        selectors: [{ namespace: 'payments', labels: { compute: 'fargate' } }],
        tags: {},
        source: { file: 'fargate/payments.yaml', line: 1, format: 'native' },
        url: 'https://github.com/acme/specs/blob/main/fargate/payments.yaml#L1',
      },
    },
    {
      name: 'handmade',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: false,
      drift: 'unmanaged',
      operation: 'unmanaged',
      driftReason: 'not managed by fargatekeeper (CREATE_FAILED); left as it is',
      live: {
        cluster: 'prod-eu',
        region: 'eu-west-1',
        name: 'handmade',
        arn: 'arn:aws:eks:eu-west-1:123456789012:fargateprofile/prod-eu/handmade/2',
        status: 'CREATE_FAILED',
        podExecutionRoleArn: role,
        subnets: ['subnet-0a1'],
        selectors: [{ namespace: 'legacy', labels: {} }],
        tags: {},
        createdAt: '2026-01-01T00:00:00.000Z',
        health: [{ code: 'PodExecutionRoleAlreadyInUse', message: 'The role is used by another profile.' }],
      },
    },
    {
      name: 'batch-77aa01',
      cluster: 'prod-eu',
      region: 'eu-west-1',
      managed: true,
      drift: 'missing',
      operation: 'create',
      driftReason: 'new spec',
      desired: {
        spec: 'batch',
        subnets: ['subnet-0b2'],
        selectors: [{ namespace: 'batch', labels: {} }],
        tags: {},
        source: { file: 'fargate/batch.yaml', line: 3, format: 'native' },
      },
    },
  ],
};

export const openRequests: OpenRequest[] = [
  {
    number: 42,
    title: 'Fargate profile payments-api on prod-eu',
    url: 'https://github.com/acme/specs/pull/42',
    author: 'portal-bot',
    state: 'open',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:05:00.000Z',
    branch: 'fargatekeeper/prod-eu/payments-api',
    checks: 'failure',
  },
];

const requested: OperationView = {
  kind: 'create',
  cluster: 'prod-eu',
  region: 'eu-west-1',
  spec: 'payments-api',
  profile: 'payments-api-5e6f70',
  reason: 'new spec',
  fields: [{ path: 'selectors[0]', after: { namespace: 'payments', labels: { app: 'api' } }, forcesReplacement: true }],
  source: { file: 'fargate/prod-eu/payments-api.yaml', line: 1 },
};
const pending: OperationView = {
  ...requested,
  spec: 'batch',
  profile: 'batch-77aa01',
  fields: [],
  source: { file: 'fargate/batch.yaml', line: 3 },
};
const unchanged: OperationView = {
  kind: 'no-op',
  cluster: 'prod-eu',
  region: 'eu-west-1',
  spec: 'payments-jobs',
  profile: 'payments-jobs-3f9a2c',
  reason: 'up to date',
  fields: [],
};

export const planPreview: PlanPreviewResponse = {
  kind: 'create',
  valid: true,
  diagnostics: [],
  operations: [requested],
  otherOperations: [pending],
  plan: {
    fingerprint: 'abc',
    hasChanges: true,
    summary: {
      create: 2,
      replace: 0,
      'adopt-in-place': 0,
      'adopt-by-replace': 0,
      retag: 0,
      'delete-profile': 0,
      'delete-role': 0,
      wait: 0,
      'no-op': 1,
      unmanaged: 0,
      roleDeletes: 0,
    },
    operations: [requested, pending, unchanged],
    diagnostics: [],
  },
  markdown: [
    '**Plan: 1 to create, 0 to replace, 0 to delete**',
    '',
    '<img src=x onerror=alert(1)>',
    '',
    '<details><summary>1 other pending change in <code>prod-eu</code>, not part of this request</summary>',
    '',
    '- create `batch-77aa01`: new spec',
    '',
    '</details>',
  ].join('\n'),
  file: 'fargate/prod-eu/payments-api.yaml',
  fileAction: 'create',
  content: 'apiVersion: fargatekeeper.dev/v1\n',
};

const retagged: OperationView = {
  kind: 'retag',
  cluster: 'prod-eu',
  region: 'eu-west-1',
  spec: 'payments-jobs',
  profile: 'payments-jobs-3f9a2c',
  reason: '`tags.team` changed',
  fields: [{ path: 'tags.team', after: 'payments', forcesReplacement: false }],
  source: { file: 'fargate/payments.yaml', line: 1 },
};

/** The preview of a change of payments-jobs: a tag added, applied in place. */
export const changePreview: PlanPreviewResponse = {
  ...planPreview,
  kind: 'change',
  operations: [retagged],
  otherOperations: [],
  markdown:
    '**Plan: 0 to create, 0 to replace, 0 to delete, 1 to retag**\n\n- retag (in place) `payments-jobs-3f9a2c`: `tags.team` changed',
  file: 'fargate/payments.yaml',
  fileAction: 'update',
};

const deleted: OperationView = {
  kind: 'delete-profile',
  cluster: 'prod-eu',
  region: 'eu-west-1',
  spec: 'payments-jobs',
  profile: 'payments-jobs-3f9a2c',
  reason: 'spec `payments-jobs` removed from Git',
  fields: [],
};

/** The preview of the removal of payments-jobs, the only spec of its file. */
export const deletePreview: PlanPreviewResponse = {
  ...planPreview,
  kind: 'delete',
  operations: [deleted],
  otherOperations: [],
  markdown:
    '**Plan: 0 to create, 0 to replace, 1 to delete**\n\n- delete `payments-jobs-3f9a2c`: spec `payments-jobs` removed from Git',
  file: 'fargate/payments.yaml',
  fileAction: 'delete',
  content: '',
};

/** A FargateApi whose every method is a jest mock with a sensible default answer. */
export function mockFargateApi(overrides: Partial<FargateApi> = {}): jest.Mocked<FargateApi> {
  return {
    getClusters: jest.fn(async () => [prodEu, staging]),
    getClusterProfiles: jest.fn(async (cluster: string) =>
      cluster === 'prod-eu'
        ? prodEuProfiles
        : { cluster: staging, readAt: prodEuProfiles.readAt, diagnostics: [], profiles: [] },
    ),
    previewPlan: jest.fn(async () => planPreview),
    explainPod: jest.fn(async request => ({
      cluster: request.cluster,
      region: 'eu-west-1',
      profile: 'batch-77aa01',
      matches: [
        { profile: 'batch-77aa01', selectorIndex: 0 },
        { profile: 'payments-jobs-3f9a2c', selectorIndex: 0 },
      ],
      reason: 'Two profiles match; EKS takes batch-77aa01, the first by name.',
    })),
    submitRequest: jest.fn(async () => ({
      pullRequest: { number: 43, url: 'https://github.com/acme/specs/pull/43' },
      deduplicated: false,
      branch: 'fargatekeeper/request/prod-eu/payments-api-0a1b2c3d4e5f',
      file: 'fargate/prod-eu/payments-api.yaml',
      fileAction: 'create' as const,
      planMarkdown: planPreview.markdown,
    })),
    getOpenRequests: jest.fn(async () => openRequests),
    ...overrides,
  } as jest.Mocked<FargateApi>;
}
