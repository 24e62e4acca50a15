import { roleNameFromArn } from '../account/trust';
import { defaultRoleName } from '../plan/defaultRole';
import type { Change, ClusterPlan } from '../plan/types';
import type { ApplyContext } from './context';
import { ApplyAbortedError, errorMessage, errorName, StepError } from './errors';
import { specOfChange, successorOf, waitsForOf } from './order';
import { deleteProfile, ensureProfileActive, retagProfile, settleProfile, waitWhileCreating, type DesiredProfile } from './profiles';
import { ChangeRecorder } from './recorder';
import { deleteDefaultRole, ensureDefaultRole } from './roles';
import { ClusterSession } from './session';
import type { ChangeOutcome, ChangeRef } from './types';

export const changeRef = (change: Change): ChangeRef => ({
  id: change.id,
  kind: change.kind,
  region: change.region,
  cluster: change.cluster,
  profileName: change.profileName,
  ...(change.spec !== undefined && { spec: change.spec }),
  ...(change.replaces !== undefined && { replaces: change.replaces }),
  ...(change.target !== undefined && { target: change.target }),
});

/**
 * Runs one cluster's changes in order, one at a time. The first failure stops the cluster: the
 * changes after it are reported as skipped (the other clusters go on).
 */
export async function runCluster(ctx: ApplyContext, cluster: ClusterPlan, ordered: Change[]): Promise<ChangeOutcome[]> {
  const session = new ClusterSession(ctx, cluster);
  const outcomes: ChangeOutcome[] = [];
  let failed: string | undefined;
  for (const change of ordered) {
    if (failed) {
      outcomes.push(skipped(ctx, change, `not attempted: ${failed} failed before it in cluster ${cluster.cluster}`));
      continue;
    }
    const outcome = await runChange(session, change);
    outcomes.push(outcome);
    if (outcome.status === 'failed') failed = change.profileName;
  }
  return outcomes;
}

export function skipped(ctx: ApplyContext, change: Change, reason: string): ChangeOutcome {
  const ref = changeRef(change);
  ctx.emit({ type: 'change-skipped', at: ctx.clock.now(), change: ref, reason });
  return { ...ref, status: 'skipped', reason, durationMs: 0, errors: [], steps: [] };
}

async function runChange(session: ClusterSession, change: Change): Promise<ChangeOutcome> {
  const { ctx } = session;
  const ref = changeRef(change);
  const recorder = new ChangeRecorder(ctx, ref);
  const started = ctx.clock.now();
  ctx.emit({ type: 'change-started', at: started, change: ref });
  try {
    await execute(session, recorder, change);
    const durationMs = ctx.clock.now() - started;
    ctx.emit({ type: 'change-done', at: ctx.clock.now(), change: ref, durationMs });
    return { ...ref, status: 'succeeded', durationMs, errors: [], steps: recorder.steps, ...extras(recorder) };
  } catch (error) {
    if (error instanceof ApplyAbortedError) throw error;
    const durationMs = ctx.clock.now() - started;
    const where = recorder.failedStep ? `${recorder.failedStep.step} ${recorder.failedStep.target}: ` : '';
    const errors = [error instanceof StepError ? error.message : `${where}${errorName(error)}: ${errorMessage(error)}`];
    ctx.emit({ type: 'change-failed', at: ctx.clock.now(), change: ref, durationMs, errors });
    return { ...ref, status: 'failed', reason: errors[0], durationMs, errors, steps: recorder.steps, ...extras(recorder) };
  }
}

/** Health issues and warnings a change collected, as optional outcome fields. */
function extras(recorder: ChangeRecorder): Partial<ChangeOutcome> {
  return {
    ...(recorder.health && { health: recorder.health }),
    ...(recorder.warnings.length > 0 && { warnings: recorder.warnings }),
  };
}

async function execute(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  switch (change.kind) {
    case 'create':
      await createWithRole(session, recorder, change);
      return;
    case 'replace':
      await replace(session, recorder, change);
      return;
    case 'adopt':
      if (change.replaces) {
        await replace(session, recorder, change);
        return;
      }
      await settleInFlight(session, recorder, change);
      await retagProfile(session, recorder, change.profileName, change.tags ?? { set: {}, remove: [] });
      return;
    case 'retag':
      await settleInFlight(session, recorder, change);
      await retagProfile(session, recorder, change.profileName, change.tags ?? { set: {}, remove: [] });
      return;
    case 'delete':
      if (change.target === 'role') {
        // The profile went in an earlier run: only its default role is left (deleteDefaultRole checks it is unused).
        await deleteRoles(session, recorder, change);
        return;
      }
      await guardReplacement(session, recorder, change);
      await deleteProfile(session, recorder, change.profileName);
      await deleteRoles(session, recorder, change);
      return;
    case 'noop':
      // Only a noop the planner marks as waiting is run: its profile is still CREATING.
      await settleInFlight(session, recorder, change);
      return;
    case 'unmanaged':
      return;
  }
}

async function settleInFlight(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  const name = waitsForOf(change);
  if (name) await settleProfile(session, recorder, name);
}

async function replace(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  const old = change.replaces!;
  // An adoption replaces a profile that is not ours yet: the spec names it, which allows the delete.
  const deleteOld = () => deleteProfile(session, recorder, old, 'delete-profile', { mayBeUnmanaged: change.kind === 'adopt' });
  if (change.strategy === 'delete-before-create') {
    await deleteOld();
    await createWithRole(session, recorder, change);
  } else {
    // The old profile keeps serving until the new one is ACTIVE; if the create fails, it stays.
    await createWithRole(session, recorder, change);
    await deleteOld();
  }
  await deleteRoles(session, recorder, change);
}

async function createWithRole(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  const { ctx } = session;
  const desired = desiredOf(change);
  const planned = (change.roles ?? []).filter(r => r.action === 'create');
  // The spec's default role is also completed when the plan found it existing: an earlier run may
  // have been stopped between creating it and attaching its policy.
  const spec = change.spec;
  const defaultName = spec ? defaultRoleName(change.region, change.cluster, spec) : undefined;
  const roles =
    planned.length > 0 || !defaultName || roleNameFromArn(desired.podExecutionRoleArn) !== defaultName
      ? planned
      : [{ action: 'create' as const, name: defaultName, arn: desired.podExecutionRoleArn, spec: spec! }];
  for (const role of roles) await ensureDefaultRole(session, recorder, role);
  await ensureProfileActive(session, recorder, desired, {
    replaces: change.replaces,
    // IAM propagates a role (ours, or one made just before the run) with a delay: EKS may refuse it for a while.
    roleReadyDeadline: ctx.clock.now() + ctx.timeouts.roleConsistencyMs,
  });
}

async function deleteRoles(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  for (const role of change.roles ?? []) {
    if (role.action === 'delete') await deleteDefaultRole(session, recorder, role);
  }
}

function desiredOf(change: Change): DesiredProfile {
  const after = change.after;
  if (!after) throw new StepError(`the plan gives no desired state for ${change.cluster}/${change.profileName}`);
  return {
    name: change.profileName,
    podExecutionRoleArn: after.podExecutionRoleArn,
    subnets: after.subnets,
    selectors: after.selectors,
    tags: after.tags,
  };
}

/**
 * A profile whose spec lives on under a new name (an interrupted replacement re-planned as
 * "keep the new, delete the old") is deleted only once the new one is ACTIVE.
 */
async function guardReplacement(session: ClusterSession, recorder: ChangeRecorder, change: Change): Promise<void> {
  const successor = successorOf(change, session.plan);
  if (!successor) return;
  const name = successor.profileName;
  const label = session.label(name);
  const current = await session.describe(recorder.scope('wait-active'), name);
  if (current?.status === 'ACTIVE') return;
  if (current?.status !== 'CREATING') {
    throw new StepError(
      `kept ${session.label(change.profileName)}: its replacement ${label} is ${current?.status ?? 'missing'}, not ACTIVE (spec ${specOfChange(change)})`,
    );
  }
  const final = await waitWhileCreating(session, recorder, current, `(the replacement of ${change.profileName}) to become ACTIVE`);
  if (final?.status !== 'ACTIVE') {
    throw new StepError(
      `kept ${session.label(change.profileName)}: its replacement ${label} ended ${final?.status ?? 'missing'}, not ACTIVE`,
    );
  }
}
