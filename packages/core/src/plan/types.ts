import type { Diagnostic, SourcePosition } from '../diagnostics';
import type { ClusterRef, ClusterStatus, HealthIssue, ProfileStatus } from '../account/types';
import type { Selector } from '../spec/types';

/**
 * What happens to one profile. `create`, `replace`, `delete`, `retag` and `adopt` do something;
 * `noop` (live equals desired) and `unmanaged` (not ours, never touched) are reported only.
 * An `adopt` without `replaces` takes an unmanaged profile over by tagging it in place (its immutable
 * fields equal the spec's); an `adopt` with `replaces` creates the spec's profile and then deletes the
 * unmanaged one it names, like a `replace`.
 */
export type ChangeKind =
  | 'create'
  | 'replace'
  | 'delete'
  | 'retag'
  | 'adopt'
  | 'noop'
  | 'unmanaged';

/** The comparable fields of a profile, live or desired. */
export interface ProfileState {
  name: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** Live profiles only. */
  status?: ProfileStatus;
  /** Live profiles only: what EKS reports for a CREATE_FAILED / DELETE_FAILED profile. */
  health?: HealthIssue[];
}

/** One field that differs between live and desired; `forcesReplacement` for the immutable ones. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
  forcesReplacement: boolean;
}

/**
 * The default pod execution role a change creates (before its profile) or deletes (after the profile
 * is gone). Its trust policy and tags come from `defaultRoleInput(region, accountId, cluster, spec)`.
 */
export interface RoleAction {
  action: 'create' | 'delete';
  name: string;
  arn: string;
  /** The spec the role serves (its `fargatekeeper.dev/spec` tag). */
  spec: string;
}

export interface Change {
  /** Stable identity: `<region>/<cluster>/<kind>/<profileName>`; the apply's idempotency tokens derive from it. */
  id: string;
  kind: ChangeKind;
  region: string;
  cluster: string;
  /** The spec's `metadata.name` (absent for unmanaged profiles and deletes of unknown specs). */
  spec?: string;
  /** EKS name of the profile this change creates, keeps, retags or deletes (for `target: 'role'`: the role's name). */
  profileName: string;
  /**
   * `role` for a `delete` of a default role alone: its profile is already gone (a run stopped between
   * deleting the profile and the role), no profile uses it and no spec wants it. The role is in `roles`.
   */
  target?: 'role';
  /** For `replace` (and an `adopt` that needs a replacement): the live profile that goes away. */
  replaces?: string;
  /** The live profile as read (absent for `create`). For `replace`/`adopt` with `replaces`: the one that goes away. */
  before?: ProfileState;
  /** Exactly what to create or keep, tags included (absent for `delete` and `unmanaged`). */
  after?: ProfileState;
  fields: FieldChange[];
  /** For `retag` and `adopt`: tags to set and keys to remove, in place. */
  tags?: { set: Record<string, string>; remove: string[] };
  /**
   * For `replace` (and `adopt` with `replaces`): create-before-delete unless that cannot work (then
   * `strategyReason` says why). The quota reasoning follows apply's order within a cluster
   * (`orderClusterChanges`): deletes that free a slot first when the quota is tight, creates before
   * create-before-delete replacements.
   */
  strategy?: 'create-before-delete' | 'delete-before-create';
  strategyReason?: string;
  /** Why this change, in a few words: "new spec", "spec removed from Git", "`selectors[0].labels` changed". */
  reason: string;
  roles?: RoleAction[];
  /** Position of the spec that causes the change. */
  source?: SourcePosition;
  /**
   * The change has to wait for a profile of this cluster that is CREATING or DELETING (a previous
   * apply still in flight or interrupted); apply waits for it, the renderers say so.
   */
  waitsFor?: string;
}

export interface ClusterPlan {
  region: string;
  cluster: string;
  /** Undefined when the cluster could not be read. */
  status?: ClusterStatus;
  /** Profiles per cluster allowed by the quota. */
  quota?: number;
  /** Profiles the cluster has now (managed or not, in any state). */
  liveProfiles: number;
  changes: Change[];
  /** Set when the cluster could not be planned (not found, not readable, cluster-level errors): no changes then. */
  blockedReason?: string;
}

export interface PlanSummary {
  create: number;
  replace: number;
  delete: number;
  retag: number;
  adopt: number;
  noop: number;
  unmanaged: number;
}

/** A plan is data first: typed changes, diagnostics and a fingerprint of everything it read. */
export interface Plan {
  formatVersion: 1;
  /** Hex digest over the specs and the live state the plan was made from. */
  fingerprint: string;
  clusters: ClusterPlan[];
  diagnostics: Diagnostic[];
  summary: PlanSummary;
  /** True when any change is not `noop` or `unmanaged`. */
  hasChanges: boolean;
}

/** A spec known to exist in Git even though it did not parse: its live profiles must not look removed. */
export interface SpecRef {
  name: string;
  /** Undefined when the cluster could not be read either: then it protects the name in every cluster. */
  cluster?: string;
  file?: string;
}

export interface PlanOptions {
  /** The run's region, for specs that name none. */
  defaultRegion: string;
  /**
   * Diagnostics of parsing, included in the plan. Errors make plan careful: an error naming a spec
   * (`profile`, plus `cluster` when known) keeps that spec's live profiles as they are; an error that
   * names no spec might hide any spec, so every delete of the run (of its `cluster` when given) is held
   * back with a warning. A spec that failed to parse never looks "removed from Git".
   */
  diagnostics?: Diagnostic[];
  /** Specs that exist in files with errors (names the parser could still read); their profiles are kept. */
  specsWithErrors?: SpecRef[];
  /**
   * Clusters to inspect besides those the specs name, so removing the last spec of a cluster deletes
   * its profiles (front doors pass the clusters they know from configuration).
   */
  clusters?: ClusterRef[];
  /** AWS calls in flight at once over the whole plan (default 16). */
  concurrency?: number;
}
