/** Capped exponential backoff (apply's retries and polls, the reader's retries), with jitter for apply: the n-th delay is drawn from [d/2, d], d = min(cap, initial·factorⁿ). */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  capMs: number;
}

/** Waits for ACTIVE / deleted: EKS needs minutes, so start at a few seconds and settle at 15 s. */
export const defaultPollBackoff: BackoffPolicy = { initialMs: 5_000, factor: 1.5, capMs: 15_000 };

/** Retries of throttling, 5xx and busy clusters. */
export const defaultRetryBackoff: BackoffPolicy = { initialMs: 500, factor: 2, capMs: 20_000 };

/**
 * "Equal jitter": half the delay is fixed, half random. Pure jitter from 0 would let many
 * clusters poll in lockstep again after a throttling burst; never waiting less than d/2 keeps
 * the poll count low.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = backoffCeiling(policy, attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The n-th delay without jitter (n from 0): min(cap, initial·factorⁿ). */
export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.capMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
}

export function withDefaults(base: BackoffPolicy, overrides?: Partial<BackoffPolicy>): BackoffPolicy {
  return { ...base, ...overrides };
}
