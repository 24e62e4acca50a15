import { backoffDelay } from './backoff';
import { pause, type ApplyContext, type StepScope } from './context';
import { StepError } from './errors';
import type { WaitTarget } from './types';

export type PollAnswer<T> = { done: true; value: T } | { done: false; status: string };

export interface WaitOptions<T> {
  target: WaitTarget;
  /** Clock time the wait counts from (e.g. when the create call returned). */
  since: number;
  timeoutMs: number;
  /** Typical total duration, for the ETA in `waiting` events. */
  typicalMs?: number;
  /** Sleep before the first poll: right after our own create/delete the answer is known. */
  delayFirstPoll: boolean;
  poll: () => Promise<PollAnswer<T>>;
  /** Words for the timeout message: "for prod-eu/web-1a2b to become ACTIVE". */
  describe: string;
}

/** Polls with jittered, capped exponential backoff until done or the timeout. */
export async function waitUntil<T>(ctx: ApplyContext, scope: StepScope, options: WaitOptions<T>): Promise<T> {
  const deadline = options.since + options.timeoutMs;
  let status = 'unknown';
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 || options.delayFirstPoll) {
      const remaining = deadline - ctx.clock.now();
      if (remaining <= 0) {
        throw new StepError(
          `timed out after ${formatDuration(options.timeoutMs)} waiting ${options.describe} (last status ${status})`,
        );
      }
      const elapsed = ctx.clock.now() - options.since;
      ctx.emit({
        type: 'waiting',
        at: ctx.clock.now(),
        change: scope.change,
        step: scope.step,
        target: options.target,
        status,
        elapsedMs: elapsed,
        ...(options.typicalMs !== undefined && { etaMs: Math.max(0, options.typicalMs - elapsed) }),
      });
      await pause(ctx, Math.min(remaining, backoffDelay(ctx.poll, attempt, ctx.random)));
    }
    const answer = await options.poll();
    if (answer.done) return answer.value;
    status = answer.status;
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest ? `${minutes}m${String(rest).padStart(2, '0')}s` : `${minutes}m`;
}
