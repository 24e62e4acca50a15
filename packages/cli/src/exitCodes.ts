/** Exit codes, as documented in the README's CLI reference. */
export const ExitCode = {
  /** Success; with `--detailed-exitcode`: success and no changes. */
  ok: 0,
  /** An error diagnostic, a usage mistake or a failure (AWS unreachable, unreadable file). */
  error: 1,
  /** With `--detailed-exitcode`: success and the plan has changes. */
  changes: 2,
} as const;
