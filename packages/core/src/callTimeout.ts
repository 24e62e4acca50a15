import { formatDuration } from './duration';

/**
 * A remote call that got no answer within its call policy: every attempt timed out. Its name
 * stays the SDK's `TimeoutError`, so callers that tell errors apart by name keep working; its message
 * names the call and what it was about ("DescribeCluster prod-eu timed out after 30 s (3 attempts)").
 * The policy is spent: asking again at once only waits as long again.
 */
export class CallTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  /** Tells this error from the SDK's own TimeoutError of one attempt, across bundles (no instanceof). */
  readonly callTimedOut = true;

  constructor(
    /** The API operation, e.g. `DescribeCluster`. */
    readonly operation: string,
    /** What the call was about (cluster, role, region), when it names one. */
    readonly target: string | undefined,
    readonly timeoutMs: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `${operation}${target ? ` ${target}` : ''} timed out after ${formatDuration(timeoutMs)}${
        attempts > 1 ? ` (${attempts} attempts)` : ''
      }`,
      options,
    );
  }
}

/** Whether `error` is a {@link CallTimeoutError} (by its marker, so a copy of the class in another bundle counts too). */
export const isCallTimeout = (error: unknown): error is CallTimeoutError =>
  error instanceof Error && (error as { callTimedOut?: unknown }).callTimedOut === true;
