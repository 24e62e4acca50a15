import type { HealthIssue, ProfileStatus } from '../../account/types';
import type { Diagnostic, SourcePosition } from '../../diagnostics';
import { doesSomething, summarize } from '../../plan/operations';
import type {
  AdoptByReplaceOperation,
  AdoptInPlaceOperation,
  ClusterPlan,
  CreateOperation,
  DefaultRole,
  DeleteProfileOperation,
  DeleteReason,
  DeleteRoleOperation,
  FieldChange,
  LiveState,
  NoOpOperation,
  Operation,
  OperationKind,
  Plan,
  ProfileState,
  ReplaceOperation,
  RetagOperation,
  UnmanagedOperation,
  WaitOperation,
} from '../../plan/types';

// Typed operations for the renderers' tests: each builder gives a plausible operation of one kind,
// the test overrides only what it looks at.

export const REGION = 'eu-west-1';
export const CLUSTER = 'prod-eu';
export const ROLE = 'arn:aws:iam::123456789012:role/pods';

export const state = (
  name: string,
  labels: Record<string, string> = {},
  tags: Record<string, string> = {},
): ProfileState => ({
  name,
  podExecutionRoleArn: ROLE,
  subnets: ['subnet-a'],
  selectors: [{ namespace: 'payments', labels }],
  tags,
});

export const live = (
  name: string,
  options: { labels?: Record<string, string>; status?: ProfileStatus; health?: HealthIssue[] } = {},
): LiveState => ({
  ...state(name, options.labels),
  status: options.status ?? 'ACTIVE',
  health: options.health ?? [],
});

export const sourceOf = (spec: string): SourcePosition => ({ file: `fargate/${spec}.yaml`, line: 4, column: 3 });

export const defaultRole = (spec: string): DefaultRole => {
  const name = `fk-${CLUSTER}-${spec}-1a2b3c4d`;
  return { name, arn: `arn:aws:iam::123456789012:role/fargatekeeper/${name}`, spec };
};

const base = (op: OperationKind, name: string, cluster = CLUSTER) => ({
  id: `${REGION}/${cluster}/${op}/${name}`,
  region: REGION,
  cluster,
});

export const createOp = (spec: string, profile: string, extra: Partial<CreateOperation> = {}): CreateOperation => ({
  op: 'create',
  ...base('create', profile),
  spec,
  source: sourceOf(spec),
  profile,
  after: state(profile),
  fields: [{ path: 'podExecutionRoleArn', after: ROLE, forcesReplacement: true }],
  reason: { code: 'new-spec' },
  ...extra,
});

const labelsChanged: FieldChange = {
  path: 'selectors[0].labels',
  before: { compute: 'fargate' },
  after: { compute: 'serverless' },
  forcesReplacement: true,
};

export const replaceOp = (
  spec: string,
  replaces: string,
  profile: string,
  extra: Partial<ReplaceOperation> = {},
): ReplaceOperation => ({
  op: 'replace',
  ...base('replace', profile),
  spec,
  source: sourceOf(spec),
  profile,
  replaces,
  before: live(replaces, { labels: { compute: 'fargate' } }),
  after: state(profile, { compute: 'serverless' }),
  fields: [labelsChanged],
  order: { kind: 'create-before-delete' },
  reason: { code: 'fields-changed', fields: ['selectors[0].labels'] },
  ...extra,
});

export const adoptByReplaceOp = (
  spec: string,
  replaces: string,
  profile: string,
  extra: Partial<AdoptByReplaceOperation> = {},
): AdoptByReplaceOperation => ({
  op: 'adopt-by-replace',
  ...base('adopt-by-replace', profile),
  spec,
  source: sourceOf(spec),
  profile,
  replaces,
  before: live(replaces, { labels: { compute: 'fargate' } }),
  after: state(profile, { compute: 'serverless' }),
  fields: [labelsChanged],
  order: { kind: 'create-before-delete' },
  reason: { code: 'fields-changed', fields: ['selectors[0].labels'] },
  ...extra,
});

export const adoptInPlaceOp = (
  spec: string,
  profile: string,
  extra: Partial<AdoptInPlaceOperation> = {},
): AdoptInPlaceOperation => ({
  op: 'adopt-in-place',
  ...base('adopt-in-place', profile),
  spec,
  source: sourceOf(spec),
  profile,
  before: live(profile),
  after: state(profile, {}, { 'fargatekeeper.dev/spec': spec }),
  fields: [{ path: 'tags.fargatekeeper.dev/spec', after: spec, forcesReplacement: false }],
  tags: { set: { 'fargatekeeper.dev/spec': spec }, remove: [] },
  reason: { code: 'immutable-fields-equal' },
  ...extra,
});

export const retagOp = (
  spec: string,
  profile: string,
  fields: FieldChange[],
  extra: Partial<RetagOperation> = {},
): RetagOperation => ({
  op: 'retag',
  ...base('retag', profile),
  spec,
  source: sourceOf(spec),
  profile,
  before: live(profile),
  after: state(profile),
  fields,
  tags: { set: {}, remove: [] },
  reason: { code: 'fields-changed', fields: fields.map(f => f.path) },
  ...extra,
});

export const deleteProfileOp = (
  spec: string,
  profile: string,
  reason: DeleteReason,
  extra: Partial<DeleteProfileOperation> = {},
): DeleteProfileOperation => ({
  op: 'delete-profile',
  ...base('delete-profile', profile),
  spec,
  profile,
  before: live(profile),
  ownership: 'managed',
  reason,
  ...extra,
});

export const deleteRoleOp = (spec: string): DeleteRoleOperation => {
  const role = defaultRole(spec);
  return { op: 'delete-role', ...base('delete-role', role.name), spec, role, reason: { code: 'role-leftover' } };
};

export const waitDeletedOp = (
  spec: string,
  profile: string,
  reason: DeleteReason,
  deletesRole?: DefaultRole,
): WaitOperation => ({
  op: 'wait',
  ...base('wait', profile),
  spec,
  profile,
  before: live(profile, { status: 'DELETING' }),
  until: 'deleted',
  ...(deletesRole ? { deletesRole } : {}),
  reason,
});

export const waitActiveOp = (spec: string, profile: string): WaitOperation => ({
  op: 'wait',
  ...base('wait', profile),
  spec,
  profile,
  before: live(profile, { status: 'CREATING' }),
  until: 'active',
  after: state(profile),
  source: sourceOf(spec),
  reason: { code: 'creating' },
});

export const noOp = (spec: string, profile: string): NoOpOperation => ({
  op: 'no-op',
  ...base('no-op', profile),
  spec,
  source: sourceOf(spec),
  profile,
  before: live(profile),
  after: state(profile),
  reason: { code: 'up-to-date' },
});

export const unmanagedOp = (profile: string, status: ProfileStatus = 'ACTIVE'): UnmanagedOperation => ({
  op: 'unmanaged',
  ...base('unmanaged', profile),
  profile,
  before: live(profile, { status }),
  reason: { code: 'not-managed' },
});

export const clusterOf = (operations: Operation[], extra: Partial<ClusterPlan> = {}): ClusterPlan => ({
  region: REGION,
  cluster: CLUSTER,
  liveProfiles: operations.length,
  operations,
  ...extra,
});

/** A plan around the clusters, its summary and `hasChanges` computed as `plan()` does. */
export function planOf(clusters: ClusterPlan[], diagnostics: Diagnostic[] = []): Plan {
  return {
    formatVersion: 2,
    fingerprint: '9f3c1e2a'.padEnd(64, '0'),
    clusters,
    diagnostics,
    summary: summarize(clusters),
    hasChanges: clusters.some(c => c.operations.some(doesSomething)),
  };
}
