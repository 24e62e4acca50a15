/**
 * How long one remote call (AWS, STS, IAM, EC2, Service Quotas, GitHub, Kubernetes) may take and how
 * often it is tried: one policy, configured once per front door (CLI options, Action inputs, backend
 * config) and handed to each client's own retry machinery (the SDK's `maxAttempts`, Octokit's retry
 * plugin), never stacked under a second loop.
 */
export interface CallPolicy {
  /** Per attempt, connecting and waiting for the response together (ms). */
  timeoutMs: number;
  /** Attempts in all, the first included (1: no retry). */
  attempts: number;
}

export const DEFAULT_CALL_POLICY: CallPolicy = { timeoutMs: 30_000, attempts: 3 };
