/**
 * Credentials are fetched again this long before they expire, as the SDK's own identity providers do
 * (`@smithy/core`'s memoizeIdentityProvider: 5 minutes), so no call is signed with credentials
 * about to lapse while it is in flight.
 */
export const CREDENTIALS_REFRESH_MS = 5 * 60_000;

/**
 * One provider of temporary credentials for every client and caller of an account: concurrent callers
 * share one fetch, its credentials are reused until they are within `refreshMs` of their expiration
 * (on `now`, the account's clock), and a failed fetch is not kept: the next call fetches again. The
 * SDK memoizes a provider per client; sharing this one makes one AssumeRole serve EKS, EC2, IAM and STS.
 */
export function refreshingCredentials<C extends { expiration?: Date }, A extends unknown[]>(
  fetch: (...args: A) => Promise<C>,
  now: () => number,
  refreshMs = CREDENTIALS_REFRESH_MS,
): (...args: A) => Promise<C> {
  let current: C | undefined;
  let pending: Promise<C> | undefined;
  const fresh = (c: C) => c.expiration === undefined || c.expiration.getTime() - now() > refreshMs;
  return (...args: A) => {
    if (current && fresh(current)) return Promise.resolve(current);
    pending ??= fetch(...args).then(
      credentials => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
