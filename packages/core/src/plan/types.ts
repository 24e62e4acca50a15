import type { Diagnostic, SourcePosition } from '../diagnostics';
import type { ClusterRef, ClusterStatus, HealthIssue, ProfileStatus } from '../account/types';
import type { ClusterSpec, FailedSpec, ProfileSpec, Selector } from '../spec/types';
import type { PodImpact } from '../kube/podImpact';
import type { PodAccess } from '../kube/types';

/** The comparable fields of a profile, live or desired. */
export interface ProfileState {
  name: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
}

/** A profile as read from EKS: its fields plus what only a live profile has. */
export interface LiveState extends ProfileState {
  status: ProfileStatus;
  /** What EKS reports for a CREATE_FAILED / DELETE_FAILED profile (empty otherwise). */
  health: HealthIssue[];
}

/** One field that differs between live and desired; `forcesReplacement` for the immutable ones. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
  forcesReplacement: boolean;
}

/** Tags to set and keys to remove, in place (TagResource / UntagResource). */
export interface TagUpdate {
  set: Record<string, string>;
  remove: string[];
}

/**
 * A default pod execution role fargatekeeper made (or makes) for a spec. Its trust policy and tags
 * come from `defaultRoleInput(region, accountId, cluster, spec)`.
 */
export interface DefaultRole {
  name: string;
  arn: string;
  /** The spec the role serves (its `fargatekeeper.dev/spec` tag). */
  spec: string;
  /** The specs source that owns it (its `fargatekeeper.dev/source` tag), when the run names one. */
  source?: string;
}

/** A profile that is CREATING or DELETING because of an operation this plan did not start. */
export interface InFlight {
  profile: string;
  status: 'CREATING' | 'DELETING';
}

/** Why a profile of the plan goes away. For display only: apply never decides on it. */
export type DeleteReason =
  | { code: 'spec-removed'; lastDeleteFailed: boolean }
  | { code: 'replacement-leftover' }
  | { code: 'create-failed'; health: HealthIssue[] }
  | { code: 'adopted-and-replaced'; by: string };

/** Why a replacement (or an adoption by replacement) is needed. For display only. */
export type ReplaceReason =
  { code: 'fields-changed'; fields: string[] } | { code: 'failed'; status: 'CREATE_FAILED' | 'DELETE_FAILED' };

/** Why the old profile of a replacement must go before the new one is created. For display only. */
export type DeleteFirstReason =
  | { code: 'old-failed'; profile: string; status: 'CREATE_FAILED' | 'DELETE_FAILED' }
  | { code: 'fixed-name'; name: string }
  | { code: 'same-name'; name: string }
  | { code: 'quota'; quota: number; inUse: number };

/**
 * The order of a replacement is part of the operation (Terraform's CreateThenDelete /
 * DeleteThenCreate): create-before-delete keeps pods scheduled, delete-before-create says why not.
 */
export type ReplaceOrder = { kind: 'create-before-delete' } | { kind: 'delete-before-create'; why: DeleteFirstReason };

interface OperationBase {
  /** Stable identity: `<region>/<cluster>/<op>/<name>`; the apply's idempotency tokens derive from it. */
  id: string;
  region: string;
  cluster: string;
}

/** An operation a spec causes: it names the spec and points at it. */
interface SpecOperation extends OperationBase {
  /** The spec's `metadata.name`. */
  spec: string;
  source: SourcePosition;
}

/** A new profile for a spec (and its default role when the spec names none and it does not exist). */
export interface CreateOperation extends SpecOperation {
  op: 'create';
  profile: string;
  after: ProfileState;
  fields: FieldChange[];
  createsRole?: DefaultRole;
  /** A profile of the same name is still DELETING (apply waits for it). */
  waitsFor?: InFlight;
  reason: { code: 'new-spec' } | { code: 'adopt-target-missing'; adopt: string };
}

interface ReplacementFields extends SpecOperation {
  /** The new profile's EKS name. */
  profile: string;
  /** The live profile that goes away. */
  replaces: string;
  before: LiveState;
  after: ProfileState;
  fields: FieldChange[];
  order: ReplaceOrder;
  createsRole?: DefaultRole;
  deletesRole?: DefaultRole;
  waitsFor?: InFlight;
  reason: ReplaceReason;
}

/** The spec's profile replaced by a new one (immutable fields changed, or the old one failed). */
export interface ReplaceOperation extends ReplacementFields {
  op: 'replace';
}

/** An unmanaged profile the spec adopts, replaced because its immutable fields differ from the spec's. */
export interface AdoptByReplaceOperation extends ReplacementFields {
  op: 'adopt-by-replace';
}

interface InPlaceFields extends SpecOperation {
  profile: string;
  before: LiveState;
  after: ProfileState;
  fields: FieldChange[];
  tags: TagUpdate;
  /** The profile itself is still CREATING: apply waits for ACTIVE before tagging. */
  waitsFor?: InFlight;
}

/** An unmanaged profile whose immutable fields equal the spec's, taken over by tagging it. */
export interface AdoptInPlaceOperation extends InPlaceFields {
  op: 'adopt-in-place';
  reason: { code: 'immutable-fields-equal' };
}

/** Tags of the spec's profile changed: set and removed in place. */
export interface RetagOperation extends InPlaceFields {
  op: 'retag';
  reason: { code: 'fields-changed'; fields: string[] };
}

/** A managed profile that no spec wants any more (and its default role, when nothing else uses it). */
export interface DeleteProfileOperation extends OperationBase {
  op: 'delete-profile';
  /** The spec the profile was made for (its `fargatekeeper.dev/spec` tag). */
  spec: string;
  profile: string;
  before: LiveState;
  deletesRole?: DefaultRole;
  /** The profile that now serves the spec: the old one goes only once that one is ACTIVE. */
  successor?: string;
  /** `adopted`: an unmanaged profile the spec took over and already replaced (apply may delete it untagged). */
  ownership: 'managed' | 'adopted';
  reason: DeleteReason;
}

/** A default role left behind with no profile (a run stopped between deleting the profile and the role). */
export interface DeleteRoleOperation extends OperationBase {
  op: 'delete-role';
  spec: string;
  role: DefaultRole;
  reason: { code: 'role-leftover' };
}

/**
 * A managed profile that is CREATING or DELETING from an earlier run: apply waits until it settles.
 * One that is being deleted takes its default role with it once it is gone.
 */
export type WaitOperation = OperationBase & {
  op: 'wait';
  spec: string;
  profile: string;
  before: LiveState;
} & (
    | { until: 'active'; after: ProfileState; source: SourcePosition; reason: { code: 'creating' } }
    | { until: 'deleted'; deletesRole?: DefaultRole; reason: DeleteReason }
  );

/** The spec's profile is as it should be. */
export interface NoOpOperation extends SpecOperation {
  op: 'no-op';
  profile: string;
  before: LiveState;
  after: ProfileState;
  reason: { code: 'up-to-date' };
}

/**
 * Why a profile is not this plan's to change. For display only.
 * - `not-managed`: made outside fargatekeeper (no managed tags).
 * - `other-source`: managed, but owned by another specs source (its `fargatekeeper.dev/source` tag).
 */
export type UnmanagedReason = { code: 'not-managed' } | { code: 'other-source'; source: string };

/** A profile this plan does not manage (made outside fargatekeeper, or another source's): reported, never touched. */
export interface UnmanagedOperation extends OperationBase {
  op: 'unmanaged';
  profile: string;
  before: LiveState;
  reason: UnmanagedReason;
}

/**
 * What a plan does to one profile (or, for `delete-role`, one default role): one closed union, the
 * replacement order part of the operation. Every consumer switches on `op`; none re-derives it.
 */
export type Operation =
  | CreateOperation
  | ReplaceOperation
  | AdoptInPlaceOperation
  | AdoptByReplaceOperation
  | RetagOperation
  | DeleteProfileOperation
  | DeleteRoleOperation
  | WaitOperation
  | NoOpOperation
  | UnmanagedOperation;

export type OperationKind = Operation['op'];

/** Every operation kind, in the order a cluster's list shows them: what does something first, then what is only reported. */
export const OPERATION_KINDS = [
  'create',
  'adopt-in-place',
  'adopt-by-replace',
  'replace',
  'retag',
  'delete-profile',
  'delete-role',
  'wait',
  'no-op',
  'unmanaged',
] as const satisfies readonly OperationKind[];

export interface ClusterPlan {
  region: string;
  cluster: string;
  /** Undefined when the cluster could not be read. */
  status?: ClusterStatus;
  /** Profiles per cluster allowed by the quota. */
  quota?: number;
  /** Profiles the cluster has now (managed or not, in any state). */
  liveProfiles: number;
  operations: Operation[];
  /** Set when the cluster could not be planned (not found, not readable, cluster-level errors): no operations then. */
  blockedReason?: string;
  /**
   * Where a cluster a `Cluster` document declares was read: its account (the one declared, checked
   * against where the credentials landed) and the role assumed to reach it. Apply refuses the
   * cluster unless it is given the same place.
   */
  account?: PlannedAccount;
}

/** The account a declared cluster lives in, and the role assumed from the run's credentials to reach it. */
export interface PlannedAccount {
  id: string;
  roleArn?: string;
}

/** How many operations of each kind, plus the default roles deleted (with their profile or alone). */
export type PlanSummary = Record<OperationKind, number> & { roleDeletes: number };

/** A plan is data first: typed operations, diagnostics and a fingerprint of what it read. */
export interface Plan {
  formatVersion: 2;
  /**
   * Hex digest (SHA-256) of the change set: the operations and the desired content they lead to, not
   * what was read on the way (quota, retries, order). Any prefix of 8+ digits identifies it.
   */
  fingerprint: string;
  clusters: ClusterPlan[];
  diagnostics: Diagnostic[];
  summary: PlanSummary;
  /** True when any operation changes the account: not `no-op`, `unmanaged` or a wait for a create in flight. */
  hasChanges: boolean;
  /**
   * With pod access (`PlanOptions.pods`): which running pods each change affects. Not part of the
   * fingerprint: pods come and go while a plan is reviewed, the change set does not.
   */
  podImpact?: PodImpact;
}

/** What the plan is made from: the specs that parsed, and what is known of those that did not. */
export interface PlanInput {
  specs: readonly ProfileSpec[];
  /** Documents that did not parse: their live profiles are kept, or deletes held back (see FailedSpec). */
  failed?: readonly FailedSpec[];
  /** Diagnostics of parsing, included in the plan. */
  diagnostics?: readonly Diagnostic[];
  /**
   * The `Cluster` documents: where their clusters live and how to reach them, when plan is given an
   * Account (it then assumes their roles from it); a Fleet given to plan brings its own.
   */
  clusters?: readonly ClusterSpec[];
}

export interface PlanOptions {
  /** The run's region, for specs that name none. */
  defaultRegion: string;
  /**
   * Clusters to inspect besides those the specs name, so removing the last spec of a cluster deletes
   * its profiles (front doors pass the clusters they know from configuration).
   */
  clusters?: ClusterRef[];
  /** AWS calls in flight at once per account (default 16; AWS throttles per account and region). */
  concurrency?: number;
  /** AWS calls in flight at once over all accounts of the plan (default 64). */
  totalConcurrency?: number;
  /**
   * The specs source this run plans for: `OWNER/REPO`, `OWNER/REPO:FOLDER` or a folder path. Its
   * profiles and default roles are tagged with it; profiles another source owns are left alone.
   * Undefined (library use): no source tag is set and every managed profile counts as this run's.
   */
  source?: string;
  /** Refuse (an error) a plan that deletes more than this many profiles, over all clusters. */
  maxDeletes?: number;
  /**
   * Cluster or spec names (globs with `*` and `?`): the run plans only the specs and clusters they
   * match and emits no operation outside them (see targets.ts). Undefined or empty: everything.
   */
  targets?: readonly string[];
  /**
   * Kubernetes access (opt-in): the plan then reads each cluster's pods, nodes and PodDisruptionBudgets
   * and says which running pods its changes affect (`Plan.podImpact`), and checks what Fargate needs of
   * the cluster (CoreDNS, the logging ConfigMap). A cluster it cannot read is an info.
   */
  pods?: PodAccess;
}
