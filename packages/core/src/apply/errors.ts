import { THROTTLING_ERROR_NAMES, type HealthIssue } from '../account/types';
import { isCallTimeout } from '../callTimeout';

/** How apply treats an error thrown by the account. */
export type ErrorClass =
  /** Throttling, 5xx, network: retry the same call after a backoff. */
  | 'transient'
  /** `ResourceInUseException`: another profile of the cluster is busy, or the cluster is updating. */
  | 'busy'
  /** IAM has not yet propagated a fresh role to EKS. */
  | 'role-not-ready'
  | 'fatal';

const transientNames = new Set([
  'ServerException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'ServiceFailure',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function errorName(error: unknown): string {
  const e = error as AwsLikeError | undefined;
  return e?.name || e?.code || 'Error';
}

export function errorMessage(error: unknown): string {
  const e = error as AwsLikeError | undefined;
  return e?.message || String(error);
}

/** EKS's answer when the pod execution role's trust is not (yet) visible to it. */
const roleNotReadyPattern = /misconfigured podexecutionrole trust policy|pod ?execution ?role.*(trust|assume)/i;

export function classifyError(error: unknown): ErrorClass {
  const e = error as AwsLikeError | undefined;
  // Every attempt of the account's call policy timed out: retrying here would stack a second loop on
  // the SDK's and hold the run for the whole deadline; the step fails, naming the call, and a re-run resumes.
  if (isCallTimeout(error)) return 'fatal';
  const name = errorName(error);
  if (name === 'ResourceInUseException') return 'busy';
  if (name === 'InvalidParameterException' && roleNotReadyPattern.test(e?.message ?? '')) return 'role-not-ready';
  if (THROTTLING_ERROR_NAMES.has(name) || e?.$retryable) return 'transient';
  if (transientNames.has(name) || e?.code === 'ECONNRESET' || e?.code === 'ETIMEDOUT') return 'transient';
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || status === 429) return 'transient';
  return 'fatal';
}

/** A step that cannot succeed; it ends its change (and stops its cluster). */
export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    message: string,
    readonly health?: HealthIssue[],
  ) {
    super(message);
  }
}

/** The run was aborted (`options.signal`): not a change failure, it ends the whole apply. */
export class ApplyAbortedError extends Error {
  override readonly name = 'ApplyAbortedError';
  constructor(readonly reason: unknown) {
    super(`apply aborted: ${errorMessage(reason)}`);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ApplyAbortedError(signal.reason);
}
