/** Exit codes, as documented in the README's CLI reference. */
export const ExitCode = {
  /** Success; with `--detailed-exitcode`: success and no changes (the plan's `hasChanges` is false). */
  ok: 0,
  /** An error diagnostic, a usage mistake or a failure (AWS unreachable, unreadable file). */
  error: 1,
  /** With `--detailed-exitcode`: success and the plan changes something (`apply`: an operation succeeded). */
  changes: 2,
  /** `apply` cancelled by SIGINT (128 + 2, as a shell reports it): what is done and what is left was printed. */
  interrupted: 130,
  /** `apply` cancelled by SIGTERM (128 + 15), what a CI runner sends when a job is cancelled. */
  terminated: 143,
} as const;
