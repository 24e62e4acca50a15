import { roleNameFromArn } from '../account/trust';
import { defaultRoleName } from '../plan/defaultRole';
import { assertNever } from '../assertNever';
import { subjectOf } from '../plan/operations';
import type {
  AdoptByReplaceOperation,
  ClusterPlan,
  CreateOperation,
  DefaultRole,
  Operation,
  ReplaceOperation,
} from '../plan/types';
import type { ApplyContext } from './context';
import { ApplyAbortedError, errorMessage, errorName, StepError, throwIfAborted } from './errors';
import { deleteProfile, ensureProfileActive, retagProfile, settleProfile, waitWhileCreating } from './profiles';
import { OperationRecorder } from './recorder';
import { deleteDefaultRole, ensureDefaultRole } from './roles';
import { ClusterSession } from './session';
import type { OperationOutcome } from './types';

/**
 * Runs one cluster's changes in order, one at a time. The first failure stops the cluster: the
 * changes after it are reported as skipped (the other clusters go on).
 */
export async function runCluster(
  ctx: ApplyContext,
  cluster: ClusterPlan,
  ordered: Operation[],
): Promise<OperationOutcome[]> {
  const session = new ClusterSession(ctx, cluster);
  const outcomes: OperationOutcome[] = [];
  let failed: string | undefined;
  for (const operation of ordered) {
    // An abort between two operations must not announce the next one as started (it would read as in flight).
    throwIfAborted(ctx.signal);
    if (failed) {
      outcomes.push(skipped(ctx, operation, `not attempted: ${failed} failed before it in cluster ${cluster.cluster}`));
      continue;
    }
    const outcome = await runOperation(session, operation);
    outcomes.push(outcome);
    if (outcome.status === 'failed') failed = subjectOf(operation).name;
  }
  return outcomes;
}

export function skipped(ctx: ApplyContext, operation: Operation, reason: string): OperationOutcome {
  ctx.emit({ type: 'operation-skipped', at: ctx.clock.now(), operation, reason });
  return { operation, status: 'skipped', reason, durationMs: 0, errors: [], steps: [] };
}

async function runOperation(session: ClusterSession, operation: Operation): Promise<OperationOutcome> {
  const { ctx } = session;
  const recorder = new OperationRecorder(ctx, operation);
  const started = ctx.clock.now();
  ctx.emit({ type: 'operation-started', at: started, operation });
  try {
    await execute(session, recorder, operation);
    const durationMs = ctx.clock.now() - started;
    ctx.emit({ type: 'operation-done', at: ctx.clock.now(), operation, durationMs });
    return { operation, status: 'succeeded', durationMs, errors: [], steps: recorder.steps, ...extras(recorder) };
  } catch (error) {
    if (error instanceof ApplyAbortedError) throw error;
    const durationMs = ctx.clock.now() - started;
    const where = recorder.failedStep ? `${recorder.failedStep.step} ${recorder.failedStep.target}: ` : '';
    const errors = [error instanceof StepError ? error.message : `${where}${errorName(error)}: ${errorMessage(error)}`];
    ctx.emit({ type: 'operation-failed', at: ctx.clock.now(), operation, durationMs, errors });
    return {
      operation,
      status: 'failed',
      reason: errors[0],
      durationMs,
      errors,
      steps: recorder.steps,
      ...extras(recorder),
    };
  }
}

/** Health issues and warnings a change collected, as optional outcome fields. */
function extras(recorder: OperationRecorder): Partial<OperationOutcome> {
  return {
    ...(recorder.health && { health: recorder.health }),
    ...(recorder.warnings.length > 0 && { warnings: recorder.warnings }),
  };
}

async function execute(session: ClusterSession, recorder: OperationRecorder, o: Operation): Promise<void> {
  switch (o.op) {
    case 'create':
      await createWithRole(session, recorder, o);
      return;
    case 'replace':
    case 'adopt-by-replace':
      await replace(session, recorder, o);
      return;
    case 'adopt-in-place':
    case 'retag':
      if (o.waitsFor) await settleProfile(session, recorder, o.waitsFor.profile);
      await retagProfile(session, recorder, o.profile, o.tags);
      return;
    case 'delete-profile':
      if (o.successor) await awaitSuccessor(session, recorder, o.profile, o.successor, o.spec);
      await deleteProfile(session, recorder, o.profile, 'delete-profile', {
        mayBeUnmanaged: o.ownership === 'adopted',
      });
      await deleteRole(session, recorder, o.deletesRole);
      return;
    case 'delete-role':
      // The profile went in an earlier run: only its default role is left (deleteDefaultRole checks it is unused).
      await deleteRole(session, recorder, o.role);
      return;
    case 'wait':
      // An earlier run's create or delete: wait until it settles; a deleted profile's default role goes after it.
      if (o.until === 'active') {
        await settleProfile(session, recorder, o.profile);
        return;
      }
      // The plan wants it gone: one still DELETING is only waited for, but one that ended DELETE_FAILED (or
      // is no longer being deleted) by the time this runs is deleted again rather than reported as gone.
      await deleteProfile(session, recorder, o.profile);
      await deleteRole(session, recorder, o.deletesRole);
      return;
    case 'no-op':
    case 'unmanaged':
      return;
  }
  assertNever(o);
}

async function replace(
  session: ClusterSession,
  recorder: OperationRecorder,
  o: ReplaceOperation | AdoptByReplaceOperation,
): Promise<void> {
  // An adoption replaces a profile that is not ours yet: the spec names it, which allows the delete.
  const deleteOld = () =>
    deleteProfile(session, recorder, o.replaces, 'delete-profile', { mayBeUnmanaged: o.op === 'adopt-by-replace' });
  switch (o.order.kind) {
    case 'delete-before-create':
      await deleteOld();
      await createWithRole(session, recorder, o);
      break;
    case 'create-before-delete':
      // The old profile keeps serving until the new one is ACTIVE; if the create fails, it stays.
      await createWithRole(session, recorder, o);
      await deleteOld();
      break;
  }
  await deleteRole(session, recorder, o.deletesRole);
}

async function createWithRole(
  session: ClusterSession,
  recorder: OperationRecorder,
  o: CreateOperation | ReplaceOperation | AdoptByReplaceOperation,
): Promise<void> {
  const { ctx } = session;
  // The spec's default role is also completed when the plan found it existing: an earlier run may
  // have been stopped between creating it and attaching its policy.
  const defaultName = defaultRoleName(o.region, o.cluster, o.spec);
  const role: DefaultRole | undefined =
    o.createsRole ??
    (roleNameFromArn(o.after.podExecutionRoleArn) === defaultName
      ? { name: defaultName, arn: o.after.podExecutionRoleArn, spec: o.spec }
      : undefined);
  if (role) await ensureDefaultRole(session, recorder, role);
  await ensureProfileActive(
    session,
    recorder,
    { ...o.after, name: o.profile },
    {
      ...(o.op !== 'create' ? { replaces: o.replaces } : {}),
      // IAM propagates a role (ours, or one made just before the run) with a delay: EKS may refuse it for a while.
      roleReadyDeadline: ctx.clock.now() + ctx.timeouts.roleConsistencyMs,
    },
  );
}

async function deleteRole(
  session: ClusterSession,
  recorder: OperationRecorder,
  role: DefaultRole | undefined,
): Promise<void> {
  if (role) await deleteDefaultRole(session, recorder, role);
}

/**
 * A profile whose spec lives on under a new name (an interrupted replacement re-planned as
 * "keep the new, delete the old") is deleted only once the new one is ACTIVE.
 */
async function awaitSuccessor(
  session: ClusterSession,
  recorder: OperationRecorder,
  profile: string,
  successor: string,
  spec: string,
): Promise<void> {
  const label = session.label(successor);
  const current = await session.describe(recorder.scope('wait-active'), successor);
  if (current?.status === 'ACTIVE') return;
  if (current?.status !== 'CREATING') {
    throw new StepError(
      `kept ${session.label(profile)}: its replacement ${label} is ${current?.status ?? 'missing'}, not ACTIVE (spec ${spec})`,
    );
  }
  const final = await waitWhileCreating(session, recorder, current, `(the replacement of ${profile}) to become ACTIVE`);
  if (final?.status !== 'ACTIVE') {
    throw new StepError(
      `kept ${session.label(profile)}: its replacement ${label} ended ${final?.status ?? 'missing'}, not ACTIVE`,
    );
  }
}
