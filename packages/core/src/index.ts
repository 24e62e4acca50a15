/**
 * `@fargatekeeper/core`: the isomorphic engine (no Node built-ins, no AWS SDK; those live in the
 * `./node` and `./aws` entries). Specs in, a typed plan out, applied through the Account port.
 *
 * @packageDocumentation
 */

// Findings and time
export {
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type JoinSuggestion,
  type Severity,
  type SourcePosition,
  type Suggestion,
} from './diagnostics';
export { systemClock, type Clock } from './clock';
export { DEFAULT_CALL_POLICY, type CallPolicy } from './callPolicy';
export {
  octokitAttemptBound,
  octokitRetryOptions,
  type OctokitHookOptions,
  type OctokitRateLimitHandler,
  type OctokitRetryOptions,
} from './github/octokitCallPolicy';
export { CallTimeoutError, isCallTimeout } from './callTimeout';
export { formatDuration, parseDuration } from './duration';

// Specs: parsing (every format), the EKS limits, suggestions
export { parseSpecFiles } from './spec/parse';
export { eksLimits, FORBIDDEN_KEYS, managedTagKeys } from './spec/limits';
export { closest } from './spec/suggest';
export { specSchemaId } from './spec/jsonSchema';
export {
  editSpecDocument,
  isEditableSpecFormat,
  removeSpecDocument,
  type SpecDocumentRef,
  type SpecFieldsEdit,
  type SpecFileAfterRemoval,
} from './spec/edit';
export type {
  ClusterSource,
  ClusterSpec,
  FailedSpec,
  FieldSource,
  LeftToTool,
  ParseOptions,
  ParseResult,
  ProfileSpec,
  Selector,
  SkippedSpec,
  SpecFile,
  SpecFormat,
  SpecOutcome,
  SpecSource,
  ToolRole,
} from './spec/types';

// Validation and matching
export { validateStatic, type StaticOptions } from './validate/static';
export { validateLive, type LiveOptions } from './validate/live';
export { validateLiveInFleet } from './validate/liveInFleet';
export { explainPod, type PodExplanation, type ProfileExplanation } from './match/explain';
export {
  analyzeMatching,
  OVERLAP_CODES,
  type Contest,
  type Holder,
  type LabelNeed,
  type MatchAnalysis,
  type MatchProfile,
  type NeverWins,
  type Region,
  type Shadowing,
} from './match';

// The Account port, the reader plans share, the simulated account, EKS facts
export {
  HASH_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  PROTECTED_TAG,
  SOURCE_TAG,
  SPEC_TAG,
  canAssumeRoles,
  type Account,
  type AssumeRoleTarget,
  type AssumesRoles,
  type ClusterInfo,
  type ClusterRef,
  type ClusterStatus,
  type CreateProfileInput,
  type CreateRoleInput,
  type HealthIssue,
  type ListProfilesPage,
  type LiveProfile,
  type PolicyDocument,
  type PolicyStatement,
  type ProfileStatus,
  type RoleInfo,
  type RoleSummary,
  type Route,
  type RouteTable,
  type SubnetInfo,
} from './account/types';
export { AccountReader } from './account/AccountReader';
export { Fleet, type ClusterPlace, type FleetCredentials } from './account/Fleet';
export { reachCluster, type ReachedCluster } from './plan/reachCluster';
export { SimulatedAccount, type SimCredentials, type SimulatedAccountOptions } from './account/sim/SimulatedAccount';
export { VirtualClock, type VirtualClockOptions } from './account/sim/VirtualClock';
export { seededRandom, type SimFault } from './account/sim/faults';
export type { SimAccountState, SimState } from './account/sim/state';
export { subnetRouting, type SubnetRouting } from './account/eksFacts';

// Import: native specs of live profiles (the CLI's `import`); the native writer the portal's requests use too
export { nativeSpecDocument, type NativeDocumentFields } from './spec/nativeDocument';
export {
  importProfiles,
  type ImportedProfile,
  type ImportOptions,
  type ImportResult,
  type ImportScope,
  type PassedOver,
  type PassedOverReason,
} from './import/importProfiles';

// Plans: one closed union of operations, and the questions consumers ask of them
export { plan, DEFAULT_PLAN_CONCURRENCY } from './plan/plan';
export { DEFAULT_TOTAL_CONCURRENCY } from './plan/accounts';
export {
  doesSomething,
  changesSomething,
  profileAfter,
  profileGone,
  roleCreated,
  roleDeleted,
  specOf,
  subjectOf,
  summarize,
} from './plan/operations';
export { desiredTagsFor, profileNameFor } from './plan/naming';
export { driftOf, hasChangesOrDrift, type Drift, type DriftFinding } from './plan/drift';
export { hijackMessage, hijacksOf, type Hijack, type HijackerOwner } from './plan/hijack';
export {
  reviewGate,
  unreviewedOf,
  unreviewedText,
  type ReviewDifference,
  type ReviewGate,
  type ReviewVerdict,
  type UnreviewedReason,
} from './plan/review';
export { fingerprintMatches, isFingerprintPrefix, MIN_FINGERPRINT_PREFIX } from './plan/fingerprint';
export { sourceProblem } from './plan/ownership';
export { targetProblem } from './plan/targets';
export {
  OPERATION_KINDS,
  type AdoptByReplaceOperation,
  type AdoptInPlaceOperation,
  type ClusterPlan,
  type CreateOperation,
  type DefaultRole,
  type DeleteFirstReason,
  type DeleteProfileOperation,
  type DeleteReason,
  type DeleteRoleOperation,
  type FieldChange,
  type InFlight,
  type LiveState,
  type NoOpOperation,
  type Operation,
  type OperationKind,
  type Plan,
  type PlanInput,
  type PlanOptions,
  type PlanSummary,
  type PlannedAccount,
  type ProfileState,
  type ReplaceOperation,
  type ReplaceOrder,
  type ReplaceReason,
  type RetagOperation,
  type TagUpdate,
  type UnmanagedOperation,
  type WaitOperation,
} from './plan/types';

// Pods (opt-in): the Kubernetes port, pod impact of a plan, Fargate's needs of a cluster
export {
  COMPUTE_TYPE_KEY,
  FARGATE_PROFILE_LABEL,
  FARGATE_SCHEDULER,
  type ClusterApi,
  type ClusterConnection,
  type ClusterNode,
  type ClusterPod,
  type ClusterWorkloads,
  type DisruptionBudget,
  type PodAccess,
  type PodController,
} from './kube/types';
export { runningPodsByProfile, type PodPlacement } from './kube/placement';
/** The key a PodAccess's connections are looked up by (`<region>/<name>`). */
export { clusterKey } from './account/types';
export { readWorkloads, type WorkloadsRead } from './kube/planPods';
export type {
  ClusterPodImpact,
  IgnoredBudget,
  OperationPodImpact,
  PodEffect,
  PodGroup,
  PodImpact,
  PodsRead,
} from './kube/podImpact';
export {
  DEFAULT_RECYCLE_BOUNDS,
  type PendingOutcome,
  type PendingPod,
  type PendingPodsReport,
  type PendingReason,
  type RecycleBounds,
} from './apply/pendingPods';

// Apply
export { apply } from './apply/apply';
export { ApplyAbortedError } from './apply/errors';
export { ApplyProgress, type ApplyProgressReport, type OperationProgress, type OperationState } from './apply/progress';
export { CANCEL_GRACE_MS, resultOrCancelled } from './apply/cancel';
export type {
  ApplyEvent,
  ApplyOptions,
  ApplyResult,
  ApplySummary,
  ApplyTimeouts,
  OperationOutcome,
  OutcomeStatus,
  StepKind,
  StepRecord,
  WaitTarget,
} from './apply/types';

// Rendering: plans and apply results as Markdown, text and JSON; escaping for each medium
export { renderMarkdown, GITHUB_COMMENT_LIMIT, type MarkdownOptions } from './render/markdown';
export { renderText, type TextOptions } from './render/text';
export { renderDiagnosticsText, type DiagnosticsTextOptions } from './render/diagnostics';
export { renderJson } from './render/json';
export { summaryLine, operationLabel, subjectLabel } from './render/common';
export { healthFindings, HEALTH_CODE } from './render/health';
export { reasonText } from './render/reasons';
export { renderApplyResult, type RenderApplyOptions } from './render/applyResult';
export { cancelledLine, renderCancelledApply, type RenderCancelledOptions } from './render/cancelledApply';
export { htmlText, mdCode, mdFence, mdInline, mdText, safeUrl, termText, visibleText } from './render/escape';
