import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { main } from '../main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository root, and paths below it as the CLI should see them (relative to the test's cwd). */
// eslint-disable-next-line no-restricted-syntax -- test tooling run from source by jest, never bundled or published
export const repoRoot = resolve(__dirname, '../../../..');
export const fromRepo = (path: string): string => relative(process.cwd(), join(repoRoot, path)) || '.';
export const examples = { specs: fromRepo('examples/specs'), sim: fromRepo('examples/sim-account.json') };

/** Runs `main` in-process with captured output; no AWS variables leak in unless a test passes them. */
export async function runCli(
  argv: string[],
  options: { env?: Record<string, string>; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** A throwaway folder of files (path → content); `dir` is relative to the cwd, as a user would type it. */
export function tempFiles(files: Record<string, string>): { dir: string; path(file: string): string; cleanup(): void } {
  const abs = mkdtempSync(join(tmpdir(), 'fk-cli-'));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(abs, file)), { recursive: true });
    writeFileSync(join(abs, file), content);
  }
  const dir = relative(process.cwd(), abs);
  return { dir, path: file => join(dir, file), cleanup: () => rmSync(abs, { recursive: true, force: true }) };
}
