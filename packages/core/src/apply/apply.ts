import { hasErrors, type Diagnostic } from '../diagnostics';
import { systemClock } from '../clock';
import type { Account } from '../account/types';
import { Fleet } from '../account/Fleet';
import { placeDiffers } from '../plan/accounts';
import { fingerprintMatches, isFingerprintPrefix, MIN_FINGERPRINT_PREFIX } from '../plan/fingerprint';
import { doesSomething, specOf, subjectOf } from '../plan/operations';
import type { ClusterPlan, Operation, Plan } from '../plan/types';
import { reviewGate, unreviewedOf, unreviewedText, type ReviewGate } from '../plan/review';
import { defaultPollBackoff, defaultRetryBackoff, withDefaults } from '../backoff';
import type { ApplyContext } from './context';
import { runCluster, skipped } from './cluster';
import { throwIfAborted } from './errors';
import { orderOperations } from './order';
import { checkPendingPods } from './pendingPods';
import type { ApplyEvent, ApplyOptions, ApplyResult, ApplyTimeouts, OperationOutcome } from './types';

export const defaultTimeouts: ApplyTimeouts = {
  createMs: 15 * 60_000,
  deleteMs: 20 * 60_000,
  roleConsistencyMs: 2 * 60_000,
};

/**
 * Executes a plan: re-plans against fresh state first (when `options.replan` is given) and reports
 * a difference from the reviewed plan, then runs clusters in parallel and each cluster's changes
 * one at a time, each cluster in the account the Fleet places it in (the one its plan was read from:
 * give apply the Fleet the plan was made with). A failed change stops only its cluster. Resolves with a per-change result; rejects
 * only when `options.signal` aborts the run, or at once (a TypeError, before anything is read) when
 * `options.expectedFingerprint` is not a fingerprint or a prefix of 8+ hex digits of one.
 */
export async function apply(
  reviewed: Plan,
  account: Account | Fleet,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (options.expectedFingerprint !== undefined && !isFingerprintPrefix(options.expectedFingerprint)) {
    throw new TypeError(
      `expectedFingerprint must be the plan's fingerprint or a prefix of at least ${MIN_FINGERPRINT_PREFIX} hex digits of it (got \`${options.expectedFingerprint}\`)`,
    );
  }
  const clock = options.clock ?? systemClock;
  const emit = (event: ApplyEvent) => options.onEvent?.(event);
  const fleet = account instanceof Fleet ? account : new Fleet(account);
  const ctx: ApplyContext = {
    account: fleet.base,
    clock,
    random: options.random ?? Math.random,
    signal: options.signal,
    timeouts: { ...defaultTimeouts, ...options.timeouts },
    poll: withDefaults(defaultPollBackoff, options.pollBackoff),
    retry: withDefaults(defaultRetryBackoff, options.retryBackoff),
    typical: { create: options.typicalMs?.create ?? 120_000, delete: options.typicalMs?.delete ?? 240_000 },
    learned: {},
    emit,
  };
  const started = clock.now();
  throwIfAborted(options.signal);

  const plan = options.replan ? await options.replan() : reviewed;
  throwIfAborted(options.signal); // the planner turns failed reads into diagnostics; an abort must still stop
  if (options.replan) emit({ type: 'replanned', fingerprint: plan.fingerprint });
  const expected = options.expectedFingerprint ?? reviewed.fingerprint;
  // A printed prefix (8+ hex digits) identifies the plan as well as the full digest.
  const matched = fingerprintMatches(plan.fingerprint, expected);
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const refusals = new Map<string, string>(); // cluster key → why its changes are not applied

  if (!matched) {
    const refused = options.requireFingerprint === true;
    emit({ type: 'fingerprint-mismatch', expected, actual: plan.fingerprint, refused });
    diagnostics.push({
      severity: refused ? 'error' : 'warning',
      code: 'apply.fingerprint-mismatch',
      message: refused
        ? `the current plan (${short(plan.fingerprint)}) differs from the reviewed plan (${short(expected)}); nothing was applied`
        : `the current plan (${short(plan.fingerprint)}) differs from the reviewed plan (${short(expected)}); applying the current plan`,
      hint: 'the specs or the live profiles changed since the plan was reviewed; review the new plan',
    });
    if (refused) for (const c of plan.clusters) refusals.set(key(c), 'the plan differs from the reviewed one');
  }
  const review = options.reviewed && gateReview(plan, options.reviewed, diagnostics, refusals);
  // Errors stop what they concern: a cluster's errors its cluster, errors naming no cluster everything.
  const planErrors = plan.diagnostics.filter(d => d.severity === 'error');
  for (const c of plan.clusters) {
    if (refusals.has(key(c))) continue;
    const own = planErrors.filter(d => !d.cluster || d.cluster === c.cluster);
    if (own.length > 0)
      refusals.set(
        key(c),
        `the plan has ${own.length} error${own.length === 1 ? '' : 's'}${own.some(d => d.cluster) ? ` for cluster ${c.cluster}` : ''}`,
      );
  }

  const actionable = plan.clusters.flatMap(c => c.operations.filter(doesSomething));
  emit({ type: 'apply-started', at: started, clusters: plan.clusters.length, operations: actionable.length, plan });

  const byOperation = new Map<Operation, OperationOutcome>();
  const work = plan.clusters.map(cluster => async () => {
    const ordered = orderOperations(cluster);
    const refusal = refusals.get(key(cluster));
    if (refusal) {
      for (const operation of ordered) byOperation.set(operation, skipped(ctx, operation, `not applied: ${refusal}`));
      return;
    }
    const place = fleet.placeOf({ region: cluster.region, name: cluster.cluster });
    const misplaced = place.kind === 'unreachable' ? place.why : placeDiffers(cluster.account, place);
    if (misplaced || place.kind === 'unreachable') {
      for (const operation of ordered) byOperation.set(operation, skipped(ctx, operation, `not applied: ${misplaced}`));
      return;
    }
    const results = await runCluster({ ...ctx, account: place.credentials.account }, cluster, ordered);
    results.forEach((outcome, i) => byOperation.set(ordered[i]!, outcome));
  });
  const settled = await pool(work, options.clusterConcurrency ?? 16);
  const aborted = settled.find(s => s.status === 'rejected');
  if (aborted) throw (aborted as PromiseRejectedResult).reason;

  const outcomes = actionable.map(o => byOperation.get(o) ?? unreached(o));
  for (const { operation, status, errors, warnings } of outcomes) {
    diagnostics.push(...(warnings ?? []));
    if (status === 'failed') {
      const subject = subjectOf(operation).name;
      diagnostics.push({
        severity: 'error',
        code: 'apply.change-failed',
        message: `${operation.op} ${operation.cluster}/${subject} failed: ${errors.join('; ')}`,
        cluster: operation.cluster,
        profile: specOf(operation) ?? subject,
      });
    }
  }
  // After the replacements: Pending pods their new profiles should take (pod access only).
  throwIfAborted(options.signal);
  const pending = options.pods ? await checkPendingPods(plan.clusters, outcomes, options.pods) : undefined;
  if (pending) diagnostics.push(...pending.diagnostics);
  const summary = {
    succeeded: outcomes.filter(c => c.status === 'succeeded').length,
    failed: outcomes.filter(c => c.status === 'failed').length,
    skipped: outcomes.filter(c => c.status === 'skipped').length,
  };
  const result: ApplyResult = {
    plan,
    fingerprint: { expected, actual: plan.fingerprint, matched },
    ...(review && { review }),
    outcomes,
    diagnostics,
    summary,
    durationMs: clock.now() - started,
    ok: summary.failed === 0 && summary.skipped === 0 && !hasErrors(diagnostics),
    ...(pending ? { pendingPods: pending.reports } : {}),
  };
  emit({ type: 'apply-done', at: clock.now(), result });
  return result;
}

const key = (c: Pick<ClusterPlan, 'region' | 'cluster'>) => `${c.region}/${c.cluster}`;

/**
 * The review gate: an error per unreviewed change (a warning with `warn`), and with `fail` its whole
 * cluster refused; an info per reviewed change that is already done.
 */
function gateReview(
  plan: Plan,
  reviewed: NonNullable<ApplyOptions['reviewed']>,
  diagnostics: Diagnostic[],
  refusals: Map<string, string>,
): ReviewGate {
  const gate = reviewGate(reviewed.plan, plan);
  const refuse = reviewed.onUnreviewed === 'fail';
  const perCluster = new Map<string, number>();
  for (const { operation, reason } of unreviewedOf(gate)) {
    const subject = subjectOf(operation).name;
    diagnostics.push({
      severity: refuse ? 'error' : 'warning',
      code: 'apply.unreviewed',
      message: `${operation.op} ${operation.cluster}/${subject} was not reviewed: ${unreviewedText(reason)}${refuse ? `; nothing of cluster ${operation.cluster} was applied` : '; applying it anyway'}`,
      hint: 'plan the change in a pull request, review the plan comment, and merge that',
      cluster: operation.cluster,
      profile: specOf(operation) ?? subject,
    });
    perCluster.set(key(operation), (perCluster.get(key(operation)) ?? 0) + 1);
  }
  if (refuse)
    for (const [cluster, count] of perCluster)
      refusals.set(
        cluster,
        `${count} change${count === 1 ? ' was' : 's were'} not reviewed in cluster ${cluster.split('/')[1]}`,
      );
  for (const operation of gate.done) {
    diagnostics.push({
      severity: 'info',
      code: 'apply.reviewed-done',
      message: `${operation.op} ${operation.cluster}/${subjectOf(operation).name} was reviewed and is already done (another run applied it)`,
      cluster: operation.cluster,
    });
  }
  return gate;
}
const short = (fingerprint: string) => fingerprint.slice(0, 12);

function unreached(operation: Operation): OperationOutcome {
  return { operation, status: 'skipped', reason: 'not reached', durationMs: 0, errors: [], steps: [] };
}

/**
 * Runs tasks with at most `limit` at once and waits for all of them, even after one rejects:
 * an aborted apply returns only once every cluster has stopped.
 */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      try {
        await tasks[index]!();
        results[index] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}
