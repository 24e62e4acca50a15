import type { Account } from '../account/types';
import type { Clock } from '../clock';
import type { BackoffPolicy } from '../backoff';
import type { Operation } from '../plan/types';
import type { ApplyEvent, ApplyTimeouts, StepKind } from './types';
import { throwIfAborted } from './errors';

/** Everything a step needs: the account, time, settings and the event sink. */
export interface ApplyContext {
  account: Account;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal;
  timeouts: ApplyTimeouts;
  poll: BackoffPolicy;
  retry: BackoffPolicy;
  typical: { create: number; delete: number };
  /**
   * How long our own creates and deletes took so far in this run, at least (the time of the last poll
   * that still saw them in progress). Later waits sleep through most of that before polling.
   */
  learned: { create?: number; delete?: number };
  emit(event: ApplyEvent): void;
}

/** The operation and step a call belongs to, for events. */
export interface StepScope {
  operation: Operation;
  step: StepKind;
}

/** Sleeps on the context's clock; an abort is noticed before, during (it ends the sleep) and after. */
export async function pause(ctx: ApplyContext, ms: number): Promise<void> {
  throwIfAborted(ctx.signal);
  await ctx.clock.sleep(ms, ctx.signal);
  throwIfAborted(ctx.signal);
}
