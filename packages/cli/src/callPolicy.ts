import { DEFAULT_CALL_POLICY, parseDuration, type CallPolicy } from '@fargatekeeper/core';
import { UsageError } from './errors';
import type { ParsedOptions } from './options';

/**
 * `--call-timeout` and `--call-attempts`: the call policy of every AWS call of the run (per attempt,
 * and attempts in all), handed to the SDK clients once. Checked even with `--sim`, which makes no
 * remote calls, so a typo never waits for the day it matters.
 */
export function callPolicyFromOptions(options: ParsedOptions): CallPolicy {
  const timeout = options.string('call-timeout');
  const attempts = options.string('call-attempts');
  const timeoutMs = timeout === undefined ? DEFAULT_CALL_POLICY.timeoutMs : parseDuration(timeout);
  if (timeoutMs === undefined || !(timeoutMs > 0)) {
    throw new UsageError(`--call-timeout needs a duration such as 30s or 300ms (got \`${timeout}\`)`);
  }
  const count = attempts === undefined ? DEFAULT_CALL_POLICY.attempts : /^\d+$/.test(attempts) ? Number(attempts) : NaN;
  if (!(count >= 1)) {
    throw new UsageError(`--call-attempts needs a whole number of at least 1 (got \`${attempts}\`)`);
  }
  return { timeoutMs, attempts: count };
}
