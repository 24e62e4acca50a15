import { FARGATE_PODS_PRINCIPAL, type RoleInfo } from '../account/types';
import { accountIdFromArn, trustAdmitsService } from '../account/trust';
import { defaultRoleInput, defaultRolePolicyArns, isManagedRole } from '../plan/defaultRole';
import type { DefaultRole } from '../plan/types';
import type { OperationRecorder } from './recorder';
import type { ClusterSession } from './session';
import { errorName, StepError } from './errors';
import { callWithRetry } from './retry';

/**
 * Creates the default pod execution role of a spec, or completes one an earlier run began
 * (created but not yet given its policy). A role of that name we did not create is never changed:
 * it is used as it is when it already trusts Fargate pods, refused otherwise.
 */
export async function ensureDefaultRole(
  session: ClusterSession,
  recorder: OperationRecorder,
  wanted: DefaultRole,
): Promise<RoleInfo> {
  const { ctx } = session;
  const { region, name: cluster } = session.ref;
  return recorder.step('create-role', wanted.name, async scope => {
    const deadline = session.callDeadline();
    const retry = { deadline };
    let role = await callWithRetry(ctx, scope, () => ctx.account.getRole(wanted.name), retry);
    if (role && !isManagedRole(role)) {
      if (!trustAdmitsService(role.assumeRolePolicy, FARGATE_PODS_PRINCIPAL)) {
        throw new StepError(
          `role ${wanted.name} exists, was not created by fargatekeeper and does not trust ${FARGATE_PODS_PRINCIPAL}; it is left alone`,
        );
      }
      recorder.warn(
        'apply.role-not-managed',
        `role ${wanted.name} exists and was not created by fargatekeeper; it is used as it is`,
      );
      return role;
    }
    if (!role) {
      const accountId = accountIdFromArn(wanted.arn) ?? (await ctx.account.getAccountId());
      const input = { ...defaultRoleInput(region, accountId, cluster, wanted.spec, wanted.source), name: wanted.name };
      role = await callWithRetry(
        ctx,
        scope,
        async () => {
          try {
            return await ctx.account.createRole(input);
          } catch (error) {
            // An earlier attempt got through before its answer was lost: take that role.
            if (errorName(error) === 'EntityAlreadyExistsException') {
              const existing = await ctx.account.getRole(wanted.name);
              if (existing) return existing;
            }
            throw error;
          }
        },
        retry,
      );
    }
    for (const policyArn of defaultRolePolicyArns(region)) {
      if (!role.attachedPolicyArns.includes(policyArn)) {
        await callWithRetry(ctx, scope, () => ctx.account.attachRolePolicy(wanted.name, policyArn), retry);
      }
    }
    return role;
  });
}

/**
 * Deletes a default role once its profile is gone: detaches its policies, then deletes it. A role
 * without our managed tag, or one a profile of the cluster still uses, is left alone with a warning.
 */
export async function deleteDefaultRole(
  session: ClusterSession,
  recorder: OperationRecorder,
  wanted: DefaultRole,
): Promise<void> {
  const { ctx } = session;
  await recorder.step('delete-role', wanted.name, async scope => {
    const retry = { deadline: session.callDeadline() };
    const role = await callWithRetry(ctx, scope, () => ctx.account.getRole(wanted.name), retry);
    if (!role) return;
    if (!isManagedRole(role)) {
      recorder.warn(
        'apply.role-not-managed',
        `role ${wanted.name} was not created by fargatekeeper; it is not deleted`,
      );
      return;
    }
    const users = [...session.known.values()].filter(p => p.podExecutionRoleArn === role.arn).map(p => p.name);
    if (users.length > 0) {
      recorder.warn('apply.role-in-use', `role ${wanted.name} is still used by ${users.join(', ')}; it is not deleted`);
      return;
    }
    for (const policyArn of role.attachedPolicyArns) {
      await callWithRetry(ctx, scope, () => unlessGone(ctx.account.detachRolePolicy(wanted.name, policyArn)), retry);
    }
    await callWithRetry(ctx, scope, () => unlessGone(ctx.account.deleteRole(wanted.name)), retry);
  });
}

/** A role (or its attachment) already gone is what the call was for: an earlier, interrupted run got there. */
async function unlessGone(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (errorName(error) !== 'NoSuchEntityException') throw error;
  }
}
