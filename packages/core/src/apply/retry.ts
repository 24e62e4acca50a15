import { backoffDelay } from '../backoff';
import { pause, type ApplyContext, type StepScope } from './context';
import { classifyError, errorMessage, errorName, throwIfAborted } from './errors';

export interface RetryOptions {
  /** Clock time after which transient and busy errors are no longer retried. */
  deadline: number;
  /** Retry "misconfigured trust policy" until this clock time (a role we just created). */
  roleReadyDeadline?: number;
  /** Called on `ResourceInUseException` instead of a plain backoff (e.g. wait until the cluster is idle). */
  onBusy?: () => Promise<void>;
}

/**
 * Runs one account call, retrying what is worth retrying: throttling, 5xx and network errors
 * (capped backoff), `ResourceInUseException` (busy cluster), and a fresh role not yet visible to
 * EKS (bounded). Anything else is thrown to the step.
 */
export async function callWithRetry<T>(
  ctx: ApplyContext,
  scope: StepScope,
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(ctx.signal);
    try {
      return await call();
    } catch (error) {
      throwIfAborted(ctx.signal);
      const kind = classifyError(error);
      const now = ctx.clock.now();
      const delay = backoffDelay(ctx.retry, attempt, ctx.random);
      const retryable =
        kind === 'transient' || kind === 'busy'
          ? now + delay <= options.deadline
          : kind === 'role-not-ready' && options.roleReadyDeadline !== undefined
            ? now + delay <= options.roleReadyDeadline
            : false;
      if (!retryable) throw error;
      ctx.emit({
        type: 'retried',
        at: now,
        operation: scope.operation,
        step: scope.step,
        errorName: errorName(error),
        message: errorMessage(error),
        attempt: attempt + 1,
        delayMs: delay,
      });
      await pause(ctx, delay);
      if (kind === 'busy' && options.onBusy) await options.onBusy();
    }
  }
}
