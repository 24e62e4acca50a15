import { formatDuration, type CallPolicy } from '@fargatekeeper/core';

/**
 * Credentials for AWS did not come within the call policy. Backstage's AWS integration makes STS calls
 * with clients of its own: AssumeRole (`aws.accounts[].roleName`), whose retries are not the policy's
 * and whose stall shows as a timeout of the EKS call it was signing, and GetCallerIdentity for the
 * main account's id, with no time bound at all. Marked as a timed-out call (the router answers 504
 * with the message); not named `TimeoutError`, so the SDK does not retry the signed call on top.
 */
export class CredentialsTimeoutError extends Error {
  override readonly name = 'CredentialsTimeoutError';
  readonly callTimedOut = true;

  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} timed out after ${formatDuration(timeoutMs)}`);
  }
}

/** `work`, or a CredentialsTimeoutError once the whole policy (timeout × attempts) has passed. */
export async function withinPolicy<T>(work: Promise<T>, what: string, policy: CallPolicy): Promise<T> {
  const limitMs = policy.timeoutMs * policy.attempts;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CredentialsTimeoutError(what, limitMs)), limitMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A credential provider whose every resolution is bounded by the call policy. */
export function boundedCredentials<A extends unknown[], T>(
  provider: (...args: A) => Promise<T>,
  what: string,
  policy: CallPolicy,
) {
  return (...args: A): Promise<T> => withinPolicy(provider(...args), what, policy);
}
