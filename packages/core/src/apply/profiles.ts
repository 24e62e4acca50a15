import { managedSpecOf, type LiveProfile } from '../account/types';
import type { OperationRecorder } from './recorder';
import type { ClusterSession } from './session';
import { errorMessage, errorName, StepError } from './errors';
import { callWithRetry } from './retry';
import { createRequestToken } from './tokens';
import { waitUntil } from './waiters';

/** What a create asks EKS for. */
export interface DesiredProfile {
  name: string;
  podExecutionRoleArn: string;
  subnets: string[];
  selectors: LiveProfile['selectors'];
  tags: Record<string, string>;
}

export interface CreateOptions {
  /** The profile a replacement retires (part of the idempotency token). */
  replaces?: string;
  /** Retry EKS's "misconfigured trust policy" until then: IAM may not have propagated the role yet. */
  roleReadyDeadline?: number;
}

/**
 * Makes sure `desired` exists and is ACTIVE, starting from whatever an earlier (maybe killed) run
 * left: ACTIVE is kept, CREATING is waited for, DELETING is waited out and then created again.
 * CREATE_FAILED (now or from an earlier run) is reported with its health issues and the failed
 * profile is deleted; it is never retried in a loop.
 */
export async function ensureProfileActive(
  session: ClusterSession,
  recorder: OperationRecorder,
  desired: DesiredProfile,
  options: CreateOptions = {},
): Promise<LiveProfile> {
  const { ctx } = session;
  let existing = await session.describe(recorder.scope('create-profile'), desired.name);
  if (existing?.status === 'DELETING') {
    await waitDeleted(session, recorder, desired.name, ctx.clock.now());
    existing = undefined;
  }
  if (existing?.status === 'ACTIVE') return existing;
  if (existing?.status === 'CREATE_FAILED') return failCreate(session, recorder, existing);
  if (existing?.status === 'DELETE_FAILED') {
    throw new StepError(`${session.label(desired.name)} is DELETE_FAILED: ${healthText(existing)}`, existing.health);
  }

  let since: number;
  const ownCreate = existing === undefined;
  if (existing?.status === 'CREATING') {
    // An earlier run's create: wait for it (its token made sure it is the profile we asked for).
    const created = Date.parse(existing.createdAt);
    since = Number.isFinite(created) && created <= ctx.clock.now() ? created : ctx.clock.now();
  } else {
    await session.waitIdle(recorder);
    await recorder.step('create-profile', session.label(desired.name), scope =>
      callWithRetry(ctx, scope, () => createOrFind(session, recorder, desired, options), {
        deadline: ctx.clock.now() + ctx.timeouts.createMs,
        roleReadyDeadline: options.roleReadyDeadline,
        onBusy: () => session.waitIdle(recorder, true),
      }),
    );
    since = ctx.clock.now();
  }

  const final = await recorder.step('wait-active', session.label(desired.name), scope =>
    waitUntil(ctx, scope, {
      target: 'ACTIVE',
      since,
      timeoutMs: ctx.timeouts.createMs,
      typicalMs: ctx.typical.create,
      delayFirstPoll: true,
      describe: `for ${session.label(desired.name)} to become ACTIVE`,
      ...(ownCreate && { learn: 'create' as const }),
      poll: async () => {
        const profile = await session.describe(scope, desired.name);
        if (!profile) throw new StepError(`${session.label(desired.name)} disappeared while it was being created`);
        if (profile.status === 'CREATING') return { done: false, status: profile.status };
        return { done: true, value: profile };
      },
    }),
  );
  if (final.status === 'ACTIVE') return final;
  if (final.status === 'CREATE_FAILED') return failCreate(session, recorder, final);
  throw new StepError(`${session.label(desired.name)} went to ${final.status} while it was being created`);
}

/** The create call; "already exists" (an earlier attempt of ours got through) answers with that profile. */
async function createOrFind(
  session: ClusterSession,
  recorder: OperationRecorder,
  desired: DesiredProfile,
  options: CreateOptions,
): Promise<LiveProfile> {
  const token = createRequestToken({
    region: session.ref.region,
    cluster: session.ref.name,
    ...desired,
    replaces: options.replaces,
  });
  try {
    const created = await session.ctx.account.createFargateProfile({
      cluster: session.ref,
      name: desired.name,
      podExecutionRoleArn: desired.podExecutionRoleArn,
      subnets: desired.subnets,
      selectors: desired.selectors,
      tags: desired.tags,
      clientRequestToken: token,
    });
    session.known.set(desired.name, created);
    return created;
  } catch (error) {
    if (errorName(error) === 'ResourceInUseException' && /already exists/i.test(errorMessage(error))) {
      const found = await session.describe(recorder.scope('create-profile'), desired.name);
      if (found) return found;
    }
    throw error;
  }
}

/** Reports a CREATE_FAILED profile with its health issues, deletes it, and fails the change. */
async function failCreate(session: ClusterSession, recorder: OperationRecorder, failed: LiveProfile): Promise<never> {
  recorder.health = failed.health;
  const problem = `${session.label(failed.name)} ended in CREATE_FAILED: ${healthText(failed)}`;
  try {
    await deleteProfile(session, recorder, failed.name, 'delete-failed-profile');
  } catch (error) {
    throw new StepError(`${problem}; deleting the failed profile failed too: ${errorMessage(error)}`, failed.health);
  }
  throw new StepError(`${problem}; the failed profile was deleted`, failed.health);
}

/**
 * Deletes a profile and waits until it is gone. A CREATING profile is first waited for (EKS cannot
 * delete it yet), a DELETING one is only waited for; DELETE_FAILED is reported with its health issues.
 */
export async function deleteProfile(
  session: ClusterSession,
  recorder: OperationRecorder,
  name: string,
  step: 'delete-profile' | 'delete-failed-profile' = 'delete-profile',
  options: { mayBeUnmanaged?: boolean } = {},
): Promise<void> {
  const { ctx } = session;
  let profile = await session.describe(recorder.scope(step), name);
  if (!profile) return;
  // Defence in depth: the plan deletes only our profiles (or one a spec adopts), but the profile
  // read now is what counts.
  if (!options.mayBeUnmanaged && managedSpecOf(profile.tags) === undefined) {
    throw new StepError(`refusing to delete ${session.label(name)}: it is not managed by fargatekeeper`);
  }
  if (profile.status === 'CREATING') {
    profile = await waitWhileCreating(session, recorder, profile, 'to finish creating before it can be deleted');
    if (!profile) return;
  }
  if (profile.status !== 'DELETING') {
    await session.waitIdle(recorder);
    const gone = await recorder.step(step, session.label(name), scope =>
      callWithRetry(
        ctx,
        scope,
        async () => {
          try {
            session.known.set(name, await ctx.account.deleteFargateProfile(session.ref, name));
            return false;
          } catch (error) {
            if (errorName(error) === 'ResourceNotFoundException') return true;
            throw error;
          }
        },
        { deadline: ctx.clock.now() + ctx.timeouts.deleteMs, onBusy: () => session.waitIdle(recorder, true) },
      ),
    );
    if (gone) {
      session.known.delete(name);
      return;
    }
    await waitDeleted(session, recorder, name, ctx.clock.now(), true);
    return;
  }
  await waitDeleted(session, recorder, name, ctx.clock.now());
}

/**
 * Waits while a profile is CREATING (ours from an earlier run, or the replacement of a profile about
 * to go) and returns how it ended: ACTIVE, CREATE_FAILED, or undefined when it disappeared.
 */
export async function waitWhileCreating(
  session: ClusterSession,
  recorder: OperationRecorder,
  profile: LiveProfile,
  purpose: string,
): Promise<LiveProfile | undefined> {
  if (profile.status !== 'CREATING') return profile;
  const { ctx } = session;
  const created = Date.parse(profile.createdAt);
  return recorder.step('wait-active', session.label(profile.name), scope =>
    waitUntil(ctx, scope, {
      target: 'ACTIVE',
      since: Number.isFinite(created) && created <= ctx.clock.now() ? created : ctx.clock.now(),
      timeoutMs: ctx.timeouts.createMs,
      typicalMs: ctx.typical.create,
      delayFirstPoll: true,
      describe: `for ${session.label(profile.name)} ${purpose}`,
      poll: async () => {
        const p = await session.describe(scope, profile.name);
        return p?.status === 'CREATING' ? { done: false, status: p.status } : { done: true, value: p };
      },
    }),
  );
}

/**
 * Brings a profile the plan keeps to rest: waits while it is CREATING (reporting CREATE_FAILED like
 * our own create) and while it is DELETING.
 */
export async function settleProfile(session: ClusterSession, recorder: OperationRecorder, name: string): Promise<void> {
  const profile = await session.describe(recorder.scope('wait-active'), name);
  if (!profile) return;
  if (profile.status === 'DELETING') return waitDeleted(session, recorder, name, session.ctx.clock.now());
  const final = await waitWhileCreating(session, recorder, profile, 'to become ACTIVE');
  if (final?.status === 'CREATE_FAILED') await failCreate(session, recorder, final);
}

async function waitDeleted(
  session: ClusterSession,
  recorder: OperationRecorder,
  name: string,
  since: number,
  ownDelete = false,
): Promise<void> {
  const { ctx } = session;
  await recorder.step('wait-deleted', session.label(name), scope =>
    waitUntil(ctx, scope, {
      target: 'deleted',
      since,
      timeoutMs: ctx.timeouts.deleteMs,
      typicalMs: ctx.typical.delete,
      delayFirstPoll: true,
      describe: `for ${session.label(name)} to be deleted`,
      ...(ownDelete && { learn: 'delete' as const }),
      poll: async () => {
        const profile = await session.describe(scope, name);
        if (!profile) return { done: true, value: undefined };
        if (profile.status === 'DELETE_FAILED') {
          recorder.health = profile.health;
          throw new StepError(`${session.label(name)} ended in DELETE_FAILED: ${healthText(profile)}`, profile.health);
        }
        return { done: false, status: profile.status };
      },
    }),
  );
}

/** Sets and removes tags in place (TagResource / UntagResource): no replacement, no wait. */
export async function retagProfile(
  session: ClusterSession,
  recorder: OperationRecorder,
  name: string,
  tags: { set: Record<string, string>; remove: string[] },
): Promise<void> {
  const { ctx } = session;
  await recorder.step('tag-profile', session.label(name), async scope => {
    const profile = await session.describe(scope, name);
    if (!profile) throw new StepError(`${session.label(name)} no longer exists`);
    const deadline = session.callDeadline();
    if (Object.keys(tags.set).length > 0) {
      await callWithRetry(ctx, scope, () => ctx.account.tagResource(session.ref.region, profile.arn, tags.set), {
        deadline,
      });
    }
    if (tags.remove.length > 0) {
      await callWithRetry(ctx, scope, () => ctx.account.untagResource(session.ref.region, profile.arn, tags.remove), {
        deadline,
      });
    }
  });
}

export function healthText(profile: LiveProfile): string {
  if (profile.health.length === 0) return 'no health issues reported';
  return profile.health
    .map(h => `${h.code}: ${h.message}${h.resourceIds?.length ? ` (${h.resourceIds.join(', ')})` : ''}`)
    .join('; ');
}
