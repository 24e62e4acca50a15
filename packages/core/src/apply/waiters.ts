import { backoffDelay } from '../backoff';
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
  /**
   * The wait follows our own create or delete: learn its duration for later waits of the same kind,
   * and sleep through most of what earlier ones took before the first poll (fewer polls, same finish).
   */
  learn?: 'create' | 'delete';
}

/** Share of the shortest duration seen so far that a wait sleeps before its first poll. */
const LEARNED_SHARE = 0.9;

/** Polls with jittered, capped exponential backoff until done or the timeout. */
export async function waitUntil<T>(ctx: ApplyContext, scope: StepScope, options: WaitOptions<T>): Promise<T> {
  const deadline = options.since + options.timeoutMs;
  let status = 'unknown';
  let lastPending: number | undefined;
  const learned = options.learn ? ctx.learned[options.learn] : undefined;
  // ETA from what this run's own operations took, else from the typical duration.
  const expected = learned ?? options.typicalMs;
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
        operation: scope.operation,
        step: scope.step,
        target: options.target,
        status,
        elapsedMs: elapsed,
        ...(expected !== undefined && { etaMs: Math.max(0, expected - elapsed) }),
      });
      const skipAhead = attempt === 0 && learned !== undefined ? learned * LEARNED_SHARE - elapsed : 0;
      // After a long first sleep, poll as finely as at the start: the end is near.
      const backoff = backoffDelay(ctx.poll, learned !== undefined ? Math.max(0, attempt - 1) : attempt, ctx.random);
      await pause(ctx, Math.min(remaining, Math.max(skipAhead, backoff)));
    }
    const answer = await options.poll();
    if (answer.done) {
      if (options.learn && lastPending !== undefined) {
        const took = lastPending - options.since;
        const known = ctx.learned[options.learn];
        ctx.learned[options.learn] = known === undefined ? took : Math.min(known, took);
      }
      return answer.value;
    }
    lastPending = ctx.clock.now();
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
