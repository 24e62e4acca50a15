/** A mistake in how the command was called: printed with a pointer to `--help`, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage applies (undefined: the top-level usage). */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A problem the user can fix (missing folder, no region, unreadable file): printed as is, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}
