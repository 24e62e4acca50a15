import type { Clock } from '../clock';
import type { Diagnostic } from '../diagnostics';
import type { HealthIssue } from '../account/types';
import type { Operation, Plan } from '../plan/types';
import type { BackoffPolicy } from '../backoff';
import type { ReviewGate } from '../plan/review';
import type { PodAccess } from '../kube/types';
import type { PendingPodsReport, RecycleBounds } from './pendingPods';

/** The unit steps an operation is made of; events and results name them. */
export type StepKind =
  | 'wait-cluster-idle'
  | 'create-role'
  | 'create-profile'
  | 'wait-active'
  | 'delete-profile'
  | 'wait-deleted'
  | 'delete-failed-profile'
  | 'delete-role'
  | 'tag-profile';

export type WaitTarget = 'ACTIVE' | 'deleted' | 'cluster-idle';

export type ApplyEvent =
  | {
      type: 'apply-started';
      at: number;
      clusters: number;
      operations: number;
      /** The plan being executed (the fresh one when apply re-planned): a listener knows what is left if the run stops. */
      plan: Plan;
    }
  | { type: 'replanned'; fingerprint: string }
  | { type: 'fingerprint-mismatch'; expected: string; actual: string; refused: boolean }
  | { type: 'operation-started'; at: number; operation: Operation }
  | { type: 'step-started'; at: number; operation: Operation; step: StepKind; target: string }
  | {
      type: 'waiting';
      at: number;
      operation: Operation;
      step: StepKind;
      target: WaitTarget;
      /** What the last poll saw (`CREATING`, `DELETING`, `2 profiles busy`...). */
      status: string;
      elapsedMs: number;
      /** Expected remaining time from typical durations; 0 when overdue. */
      etaMs?: number;
    }
  | {
      type: 'retried';
      at: number;
      operation: Operation;
      step: StepKind;
      errorName: string;
      message: string;
      attempt: number;
      delayMs: number;
    }
  | { type: 'step-done'; at: number; operation: Operation; step: StepKind; target: string; durationMs: number }
  | { type: 'operation-done'; at: number; operation: Operation; durationMs: number }
  | { type: 'operation-failed'; at: number; operation: Operation; durationMs: number; errors: string[] }
  | { type: 'operation-skipped'; at: number; operation: Operation; reason: string }
  | { type: 'apply-done'; at: number; result: ApplyResult };

export interface ApplyTimeouts {
  /** How long a new profile may take to become ACTIVE (default 15 min). */
  createMs: number;
  /** How long a deletion may take (default 20 min; deletes drain running pods). */
  deleteMs: number;
  /** How long IAM may refuse a role we just created ("misconfigured trust policy"), default 2 min. */
  roleConsistencyMs: number;
}

export interface ApplyOptions {
  /** Time for waits and backoff; a VirtualClock in tests. Default: the system clock. */
  clock?: Clock;
  onEvent?: (event: ApplyEvent) => void;
  /**
   * Makes a fresh plan against the account's current state (front doors pass
   * `() => plan(specs, account, planOptions)`). Apply executes the fresh plan, not the reviewed one,
   * and reports when their fingerprints differ. Without it the given plan is executed as is.
   */
  replan?: () => Promise<Plan>;
  /** The fingerprint of the plan that was reviewed; default: the given plan's. */
  expectedFingerprint?: string;
  /** Refuse to apply anything when the fresh plan's fingerprint differs from the expected one. */
  requireFingerprint?: boolean;
  /**
   * The review gate: every change of the executed plan must have been shown by `plan` (the reviewed
   * plan; undefined when there is none, e.g. a direct push). With `fail` an unreviewed change is
   * refused and nothing of its cluster is applied; with `warn` it is reported and applied.
   */
  reviewed?: { plan: Plan | undefined; onUnreviewed: 'fail' | 'warn' };
  timeouts?: Partial<ApplyTimeouts>;
  /** Polling of ACTIVE / deleted / idle waits. */
  pollBackoff?: Partial<BackoffPolicy>;
  /** Retries of throttling, 5xx and busy clusters. */
  retryBackoff?: Partial<BackoffPolicy>;
  /** Typical durations for ETAs in `waiting` events (defaults: create 2 min, delete 4 min). */
  typicalMs?: { create?: number; delete?: number };
  /** Clusters worked on at once (default 16); each cluster's operations always run one at a time. */
  clusterConcurrency?: number;
  /** Stops the apply between calls (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Jitter source (default Math.random); tests pass a seeded one. */
  random?: () => number;
  /**
   * Kubernetes access (opt-in): after the replacements, the Pending pods their new profiles should take
   * are reported (`ApplyResult.pendingPods`); with `recycle` the ones a controller owns are deleted,
   * within its bounds, so their controllers create them again on the new profile.
   */
  pods?: { access: PodAccess; recycle?: RecycleBounds };
}

export type OutcomeStatus = 'succeeded' | 'failed' | 'skipped';

export interface StepRecord {
  step: StepKind;
  /** Profile or role the step worked on. */
  target: string;
  durationMs: number;
  ok: boolean;
}

/** What became of one operation that does something. */
export interface OperationOutcome {
  operation: Operation;
  status: OutcomeStatus;
  /** Why it was skipped, or the first error in a few words. */
  reason?: string;
  durationMs: number;
  errors: string[];
  /** Health issues EKS reported for a profile that failed to create. */
  health?: HealthIssue[];
  /** What the operation noticed and left alone (a role that is not ours, a role still in use). */
  warnings?: Diagnostic[];
  steps: StepRecord[];
}

export interface ApplySummary {
  succeeded: number;
  failed: number;
  skipped: number;
}

export interface ApplyResult {
  /** The plan that was executed (the fresh one when apply re-planned). */
  plan: Plan;
  fingerprint: { expected?: string; actual: string; matched: boolean };
  /** The review gate's verdicts, when `options.reviewed` was given. */
  review?: ReviewGate;
  /** One outcome per operation that does something (no `no-op` / `unmanaged`), in plan order. */
  outcomes: OperationOutcome[];
  /** The executed plan's diagnostics plus apply's own (`apply.*` codes). */
  diagnostics: Diagnostic[];
  summary: ApplySummary;
  durationMs: number;
  /** True when every operation succeeded and nothing was refused. */
  ok: boolean;
  /** With `options.pods`: per cluster with a replacement that succeeded, its Pending pods and what apply did with them. */
  pendingPods?: PendingPodsReport[];
}
