import { CustomErrorBase } from '@backstage/errors';
import { isCallTimeout } from '@fargatekeeper/core';
import type { ErrorRequestHandler } from 'express';

/**
 * An upstream call (AWS, GitHub) got no answer within the call policy: the route answers 504 with
 * the call named, instead of hanging or a bare 500. Backstage's error handler takes the status from
 * `statusCode` (it knows no gateway timeout of its own; `ServiceUnavailableError` would say 503).
 */
export class GatewayTimeoutError extends CustomErrorBase {
  override name = 'GatewayTimeoutError' as const;
  readonly statusCode = 504;
}

// No `cause` below: CustomErrorBase would append it to the message, which already names the call.

/** Router error middleware: a timed-out call that escaped a route becomes a GatewayTimeoutError. */
export const gatewayTimeouts: ErrorRequestHandler = (error, _req, _res, next) => {
  next(isCallTimeout(error) ? new GatewayTimeoutError(error.message) : error);
};

/**
 * A GatewayTimeoutError when every one of `failures` (at least one) is a timed-out call: nothing was
 * read, so an answer would only show errors. Mixed failures stay per item, as the routes show them.
 */
export function allTimedOut(failures: readonly unknown[], upstream: string): GatewayTimeoutError | undefined {
  if (failures.length === 0 || !failures.every(isCallTimeout)) return undefined;
  const calls = [...new Set(failures.map(f => (f as Error).message))];
  return new GatewayTimeoutError(`${upstream} did not answer in time: ${calls.join('; ')}`);
}
