import type {
  ClusterStatus,
  Diagnostic,
  LiveProfile,
  ProfileExplanation,
  Selector,
  SpecFormat,
} from '@fargatekeeper/core';

// The JSON bodies of the backend's routes under /api/fargate, shared with the frontend client.

/** A subnet of a cluster; only private ones can carry Fargate pods. */
export interface SubnetView {
  id: string;
  availabilityZone?: string;
  /** No route to an internet gateway, through its own route table or else the VPC's main one. */
  private: boolean;
}

/** One configured cluster (`GET /clusters`). */
export interface ClusterSummary {
  name: string;
  region: string;
  accountId?: string;
  /** Undefined when the cluster could not be read (`error` says why). */
  status?: ClusterStatus;
  vpcId?: string;
  subnets: SubnetView[];
  /** Profiles the cluster has now, managed or not. */
  profileCount?: number;
  /** Profiles per cluster the account's quota allows. */
  profileQuota?: number;
  error?: string;
}

export interface ClustersResponse {
  clusters: ClusterSummary[];
}

/**
 * How a profile compares with Git:
 * - `in-sync`: managed, and live equals its spec;
 * - `drifted`: live differs from its spec (the plan would replace, retag or adopt it);
 * - `missing`: a spec with no live profile yet (the plan would create it);
 * - `orphaned`: managed, but its spec is gone from Git (the plan would delete it);
 * - `unmanaged`: made outside fargatekeeper and named by no spec (never changed);
 * - `unknown`: the comparison could not be made (specs or cluster unreadable; see diagnostics).
 */
export type DriftState = 'in-sync' | 'drifted' | 'missing' | 'orphaned' | 'unmanaged' | 'unknown';

/** The desired side of a profile: its spec in Git. */
export interface DesiredProfileView {
  /** The spec's `metadata.name`. */
  spec: string;
  /** Undefined: fargatekeeper creates a default pod execution role. */
  podExecutionRoleArn?: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  source: { file: string; line: number; format: SpecFormat };
  /** Link to the spec in its repository (line anchor); absent for a local specs folder. */
  url?: string;
}

// Plans as the portal shows them. The backend maps the engine's operations onto these types, so the
// contract stays put when the engine's plan format changes.

/** What a plan does to one profile (or, for `delete-role`, to a default role left behind). */
export type OperationViewKind =
  | 'create'
  | 'replace'
  | 'adopt-in-place'
  | 'adopt-by-replace'
  | 'retag'
  | 'delete-profile'
  | 'delete-role'
  | 'wait'
  | 'no-op'
  | 'unmanaged';

/** The operations a profile view can show: all but `delete-role`, which is about a role, not a profile. */
export type ProfileOperationKind = Exclude<OperationViewKind, 'delete-role'>;

/** One field that differs between live and desired. */
export interface FieldChangeView {
  /** The field's path (`selectors[0].labels`, `tags.team`). */
  path: string;
  before?: unknown;
  after?: unknown;
  /** An immutable field: changing it replaces the profile. */
  forcesReplacement: boolean;
}

/** One operation of a plan. */
export interface OperationView {
  kind: OperationViewKind;
  cluster: string;
  region: string;
  /** The spec's `metadata.name` (absent for unmanaged profiles). */
  spec?: string;
  /** The EKS profile it creates, keeps, tags, waits for or deletes (absent for `delete-role`). */
  profile?: string;
  /** A replacement's live profile, which goes away. */
  replaces?: string;
  /** A replacement's order: the new profile first, or (when that cannot work; `reason` says why) the old one deleted first. */
  order?: 'create-before-delete' | 'delete-before-create';
  /** A `wait`: until the profile is ACTIVE, or until it is deleted. */
  until?: 'active' | 'deleted';
  /** Why, in a few words ("new spec", "`selectors[0].labels` changed"); for display only. */
  reason: string;
  /** What differs between live and desired (empty for operations that change no field). */
  fields: FieldChangeView[];
  /** Default pod execution roles it creates (before its profile) and deletes (after it, or alone), by name. */
  createsRole?: string;
  deletesRole?: string;
  /** The spec line it comes from. */
  source?: { file: string; line: number };
}

/** How many operations of each kind, and the default roles deleted (with their profile or alone). */
export type PlanSummaryView = Record<OperationViewKind, number> & { roleDeletes: number };

/** A plan of one cluster. */
export interface PlanView {
  /** Identifies what was planned (specs and live state); the pull request's plan shows it too. */
  fingerprint: string;
  /** An operation does something (not `no-op` or `unmanaged`). */
  hasChanges: boolean;
  summary: PlanSummaryView;
  operations: OperationView[];
  /** Set when the cluster could not be planned (then there are no operations). */
  blockedReason?: string;
  diagnostics: Diagnostic[];
}

/** One profile of a cluster: live state joined with its spec and the drift between them. */
export interface ProfileView {
  /** The EKS profile name: the live one, or the one a missing spec would create. */
  name: string;
  cluster: string;
  region: string;
  /** Carries fargatekeeper's ownership tags. */
  managed: boolean;
  /** Absent for a spec that is not created yet. */
  live?: LiveProfile;
  /** Absent for unmanaged and orphaned profiles. */
  desired?: DesiredProfileView;
  drift: DriftState;
  /** What the next apply does to it; absent when the plan could not judge it (drift `unknown`). */
  operation?: ProfileOperationKind;
  /** The plan's reason in a few words ("new spec", "`selectors[0].labels` changed"). */
  driftReason?: string;
  /** Fields that differ between live and desired. */
  changes?: FieldChangeView[];
  /** Running pods on the live profile, when the backend has pod access and read them. */
  runningPods?: number;
}

/** Whether the backend read the cluster's pods (`fargate.podImpact`), and how many run on Fargate. */
export type ClusterPodsView = { kind: 'read'; running: number } | { kind: 'not-read'; reason: string };

/** `GET /clusters/:cluster/profiles`. */
export interface ClusterProfilesResponse {
  cluster: ClusterSummary;
  profiles: ProfileView[];
  /** Findings about this cluster's specs and its live state (parsing, validation, planning). */
  diagnostics: Diagnostic[];
  /** When the live state was read from AWS (ISO 8601); reads are cached for a short while. */
  readAt: string;
  /** Present when the backend has pod access: the pods it read (their counts are on the profiles), or why it could not. */
  pods?: ClusterPodsView;
}

/** A proposed profile, as the request form fills it. */
export interface ProfileRequestSpec {
  cluster: string;
  /** The spec's `metadata.name`. */
  name: string;
  selectors: Selector[];
  subnets: string[];
  /** Leave out to let fargatekeeper create a default pod execution role. */
  podExecutionRoleArn?: string;
  tags?: Record<string, string>;
}

/**
 * What a request proposes: a new profile, new selectors, subnets, role or tags for a spec in Git (`name`
 * is the spec's `metadata.name`, which a change keeps), or the removal of a spec.
 */
export type ProfileProposal =
  | ({ kind: 'create' } & ProfileRequestSpec)
  | ({ kind: 'change' } & ProfileRequestSpec)
  | { kind: 'delete'; cluster: string; name: string };

export type ProposalKind = ProfileProposal['kind'];

/** `POST /plan`: validate a proposal and plan it with the cluster's specs (a body without `kind` is a create). */
export type PlanPreviewRequest = ProfileProposal;

/** What a request does to its spec file: a new file, the file edited in place, or the file removed (its only spec went). */
export type SpecFileAction = 'create' | 'update' | 'delete';

export interface PlanPreviewResponse {
  kind: ProposalKind;
  /** No error among the diagnostics: the request can be submitted. */
  valid: boolean;
  /**
   * Findings about the proposed spec: its static and live validation (at its fields), overlaps and
   * limits it causes, a file name already taken, and errors that keep its cluster from being planned.
   */
  diagnostics: Diagnostic[];
  /**
   * What the request does: the proposed spec's operation(s) (a create; a replace or retag for a change;
   * a delete), and operations on other profiles that differ because of it (a replacement that must now
   * delete first, for the quota).
   */
  operations: OperationView[];
  /** The cluster's other pending operations (in Git, not applied yet): context, not the request's doing. */
  otherOperations: OperationView[];
  /** The cluster's whole plan with the proposal: every operation and every finding. */
  plan: PlanView;
  /** The request's plan as the pull request will show it: its own effect, the other changes folded. */
  markdown: string;
  /** The spec file in the specs repository, what becomes of it, and its content after (empty when it goes). */
  file: string;
  fileAction: SpecFileAction;
  content: string;
}

/** `POST /explain`: which profile takes a pod in a cluster. */
export interface ExplainRequest {
  cluster: string;
  namespace: string;
  labels?: Record<string, string>;
}

export interface ExplainMatch {
  /** EKS profile name. */
  profile: string;
  /** Index of the first selector of that profile that matches the pod. */
  selectorIndex: number;
}

export interface ExplainResponse {
  cluster: string;
  region: string;
  /** The live profile EKS schedules the pod on; undefined when the pod goes to nodes. */
  profile?: string;
  /** Every live profile that matches, in the order EKS considers them (the first wins). */
  matches: ExplainMatch[];
  /** Why, in a sentence. */
  reason: string;
  /** Every live ACTIVE profile in EKS order, with the reason per selector (core's explanation). */
  candidates?: ProfileExplanation[];
}

/** `POST /requests`: a proposal and why it is needed. */
export type ProfileRequest = ProfileProposal & { reason: string };

/**
 * The pull request of a request: opened for it (201), or the open one of an identical earlier request
 * (200, `deduplicated`): identical means the same proposal, whoever asked and whatever the reason.
 */
export interface ProfileRequestResponse {
  pullRequest: { number: number; url: string };
  deduplicated: boolean;
  branch: string;
  /** Path of the spec file in the specs repository, and what the pull request does to it. */
  file: string;
  fileAction: SpecFileAction;
  /** The plan in the pull request's body (the preview's Markdown). */
  planMarkdown: string;
}

/** Combined status of a pull request's checks (check runs and commit statuses). */
export type CheckState = 'success' | 'failure' | 'pending' | 'none';

/** An open pull request labelled `fargatekeeper-request` (`GET /requests`). */
export interface OpenRequest {
  number: number;
  title: string;
  url: string;
  /** GitHub login of the pull request's author (the integration's identity for portal requests). */
  author: string;
  state: 'open' | 'draft';
  createdAt: string;
  updatedAt: string;
  branch: string;
  checks: CheckState;
}

export interface OpenRequestsResponse {
  requests: OpenRequest[];
}

/** One invalid input field of a 400 answer; `path` is the request field (`selectors[0].namespace`). */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Body of an error answer (Backstage's error shape). For 400 answers `error.fields` lists every bad
 * field; for a request that fails validation `error.diagnostics` holds core's findings.
 */
export interface FargateErrorBody {
  error: { name: string; message: string; fields?: FieldError[]; diagnostics?: Diagnostic[] };
  response: { statusCode: number };
}

/** The label every portal request carries; `GET /requests` lists open pull requests with it. */
export const REQUEST_LABEL = 'fargatekeeper-request';
