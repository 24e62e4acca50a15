/** Exit codes, as documented in the README's CLI reference. */
export const ExitCode = {
  /** Success; with `--detailed-exitcode`: success and no changes (the plan's `hasChanges` is false). */
  ok: 0,
  /** An error diagnostic, a usage mistake or a failure (AWS unreachable, unreadable file). */
  error: 1,
  /** With `--detailed-exitcode`: success and the plan changes something (`apply`: an operation succeeded). */
  changes: 2,
} as const;
