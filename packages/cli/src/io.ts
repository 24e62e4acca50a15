/** Where a command writes and what it reads from its environment; tests pass captured streams. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal: colour is used only there (unless NO_COLOR / FORCE_COLOR say otherwise). */
  isTTY?: boolean;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
}

export const processIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });
