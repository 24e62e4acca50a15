import type { Diagnostic, SourcePosition } from '../diagnostics';
import type { ClusterStatus, ProfileStatus } from '../account/types';
import type { Selector } from '../spec/types';

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
}

/** One field that differs between live and desired; `forcesReplacement` for the immutable ones. */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
  forcesReplacement: boolean;
}

/** The default pod execution role a change creates (before its profile) or deletes (after it). */
export interface RoleAction {
  action: 'create' | 'delete';
  name: string;
  arn: string;
}

export interface Change {
  /** Stable identity: `<region>/<cluster>/<kind>/<profileName>`; the apply's idempotency tokens derive from it. */
  id: string;
  kind: ChangeKind;
  region: string;
  cluster: string;
  /** The spec's `metadata.name` (absent for unmanaged profiles and deletes of unknown specs). */
  spec?: string;
  /** EKS name of the profile this change creates, keeps, retags or deletes. */
  profileName: string;
  /** For `replace` (and an `adopt` that needs a replacement): the live profile that goes away. */
  replaces?: string;
  before?: ProfileState;
  after?: ProfileState;
  fields: FieldChange[];
  /** For `retag` and `adopt`: tags to set and keys to remove, in place. */
  tags?: { set: Record<string, string>; remove: string[] };
  /** For `replace`: create-before-delete unless that cannot work (then `strategyReason` says why). */
  strategy?: 'create-before-delete' | 'delete-before-create';
  strategyReason?: string;
  /** Why this change, in a few words: "new spec", "spec removed from Git", "`selectors[0].labels` changed". */
  reason: string;
  roles?: RoleAction[];
  /** Position of the spec that causes the change. */
  source?: SourcePosition;
}

export interface ClusterPlan {
  region: string;
  cluster: string;
  /** Undefined when the cluster could not be read. */
  status?: ClusterStatus;
  /** Profiles per cluster allowed by the quota. */
  quota?: number;
  /** Profiles the cluster has now (managed or not). */
  liveProfiles: number;
  changes: Change[];
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
